import { useEffect, useState } from 'react'
import { App, Descriptions, Modal } from 'antd'
import { useTranslation } from 'react-i18next'
import { appBus, type AppIntents } from '../../lib/appBus'
import { useCameras, useRoomZone } from '../app/queries'
import { formatDateTime } from '../../lib/time'
import type { IncidentFields } from '../../../../shared/domain/incident'
import { IncidentForm } from './IncidentForm'
import { useIncidentConfig } from './queries'
import { useCreateIncident } from './mutations'
import { incidentErrorMessage } from './errors'
import styles from './incidents.module.css'

type Request = AppIntents['incident:create'] & { key: number }

function prefill(r: Request, firstType: string): IncidentFields {
  const camera = r.cameraId !== null || r.lat === undefined || r.lng === undefined
  return {
    type: firstType,
    at: r.at,
    severity: 'medium',
    placeKind: camera ? 'camera' : 'point',
    cameraId: r.cameraId,
    roadId: null,
    placeName: '',
    lat: camera ? null : (r.lat ?? null),
    lng: camera ? null : (r.lng ?? null),
    description: '',
    // the camera that saw it, five minutes either side
    linkedCameras:
      r.cameraId !== null
        ? [{ cameraId: r.cameraId, from: r.at - 5 * 60_000, to: r.at + 5 * 60_000 }]
        : []
  }
}

/**
 * Answers the `incident:create` intent from any workspace (a wall tile's
 * context menu, the lookup, the event log): the form opens prefilled with
 * camera, time and snapshot, so logging takes a type and Ctrl+Enter.
 */
export function IncidentCreateHost() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [req, setReq] = useState<Request | null>(null)
  const config = useIncidentConfig()
  const cameras = useCameras()
  const create = useCreateIncident()
  useEffect(() => appBus.on('incident:create', (p) => setReq({ ...p, key: Date.now() })), [])
  const firstType = config.data?.types[0]?.code
  const camera =
    req?.cameraId != null ? cameras.data?.find((c) => c.id === req.cameraId) : undefined
  const tz = useRoomZone()

  return (
    <Modal
      open={req !== null && firstType !== undefined}
      title={t('incident.createTitle')}
      onCancel={() => setReq(null)}
      footer={null}
      width={1040}
      destroyOnHidden
      data-testid="incident-create-modal"
    >
      {req && firstType && (
        <div className={styles.createLayout}>
          <IncidentForm
            key={req.key}
            initial={prefill(req, firstType)}
            submitLabel={t('incident.log')}
            submitting={create.isPending}
            onCancel={() => setReq(null)}
            onSubmit={(fields) =>
              create.mutate(
                { fields, snapshotDataUrl: req.snapshotDataUrl },
                {
                  onSuccess: (i) => {
                    setReq(null)
                    void message.success({
                      content: t('incident.created', { id: i.id }),
                      key: 'incident-created'
                    })
                  },
                  onError: (err) => void message.error(incidentErrorMessage(t, err))
                }
              )
            }
          />
          <div className={styles.createSide}>
            {req.snapshotDataUrl ? (
              <img
                src={req.snapshotDataUrl}
                alt={t('incident.snapshot')}
                className={styles.snapshot}
                data-testid="incident-snapshot"
              />
            ) : (
              <div className={styles.hint}>{t('incident.noSnapshot')}</div>
            )}
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('incident.camera')}>
                {camera ? `${camera.name} (${camera.code})` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('incident.block')}>
                {camera ? [camera.block, camera.community].filter(Boolean).join(' / ') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('incident.seenAt')}>
                {formatDateTime(req.at, tz)}
              </Descriptions.Item>
            </Descriptions>
          </div>
        </div>
      )}
    </Modal>
  )
}
