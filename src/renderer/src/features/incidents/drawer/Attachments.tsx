import { App, Button, Spin, Tag, Upload } from 'antd'
import { PaperClipOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { IncidentAttachment } from '../../../../../shared/domain/incident'
import { useAttachment } from '../queries'
import { useAttach } from '../mutations'
import { incidentErrorMessage } from '../errors'
import styles from '../incidents.module.css'

function Attachment({ id, name }: { id: number; name: string }) {
  const a = useAttachment(id)
  if (a.isPending) return <Spin size="small" />
  if (!a.data) return <Tag color="red">{name}</Tag>
  return a.data.attachment.mime.startsWith('image/') ? (
    <a href={a.data.dataUrl} download={name} title={name}>
      <img src={a.data.dataUrl} alt={name} />
    </a>
  ) : (
    <a href={a.data.dataUrl} download={name}>
      {name}
    </a>
  )
}

/** Reads a picked file as a data URL (attachments travel base64 over both transports). */
const readDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(typeof r.result === 'string' ? r.result : '')
    r.onerror = () => reject(r.error ?? new Error('read failed'))
    r.readAsDataURL(file)
  })

/** Attaches a snapshot, an exported clip or another file (kept under the data dir with its SHA-256). */
export function AttachButton({ incidentId }: { incidentId: number }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const attach = useAttach()
  return (
    <Upload
      showUploadList={false}
      beforeUpload={(file) => {
        if (file.size > 20 * 1024 * 1024) {
          void message.error(t('incident.attachTooLarge'))
          return false
        }
        void readDataUrl(file).then((dataUrl) =>
          attach.mutate(
            {
              id: incidentId,
              kind: file.type.startsWith('image/')
                ? 'snapshot'
                : file.type.startsWith('video/')
                  ? 'clip'
                  : 'file',
              fileName: file.name,
              dataUrl: dataUrl.replace(/^data:;/, 'data:application/octet-stream;')
            },
            { onError: (err) => void message.error(incidentErrorMessage(t, err)) }
          )
        )
        return false
      }}
    >
      <Button icon={<PaperClipOutlined />} loading={attach.isPending} data-testid="incident-attach">
        {t('incident.attach')}
      </Button>
    </Upload>
  )
}

/** The incident's attachments: images as thumbnails, other files as links. */
export function AttachmentList({ attachments }: { attachments: readonly IncidentAttachment[] }) {
  if (attachments.length === 0) return null
  return (
    <div className={`${styles.section} ${styles.attachments}`}>
      {attachments.map((a) => (
        <Attachment key={a.id} id={a.id} name={a.fileName} />
      ))}
    </div>
  )
}
