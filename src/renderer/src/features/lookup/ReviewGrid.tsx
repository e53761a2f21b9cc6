import { useMemo, useRef, useState } from 'react'
import { Button, Empty, Pagination, Space, Tag, Tooltip, Typography, message } from 'antd'
import { CheckOutlined, CloseOutlined, PlayCircleOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { useAppInfo } from '../app/queries'
import { formatTime } from '../../lib/time'
import type { LookupCase, LookupConfirmation } from '../../../../shared/ipc/contracts/lookup'
import type { LookupWindow } from '../../../../shared/lookup/types'
import { useConfirm, useUnconfirm } from './mutations'
import { captureFrame, useVodStream } from './useVodStream'
import { hopColor } from './model/style'
import styles from './lookup.module.css'

const PAGE = 9

type Verdict = 'seen' | 'not_seen'

/**
 * The review: one small VOD player per window, each cued to its window's
 * start on the camera's clock, with "seen here" / "not here" for the
 * followed candidate. A verdict keeps a snapshot of the frame on screen.
 */
export function ReviewGrid({
  lookupCase,
  cameraIds,
  plate
}: {
  lookupCase: LookupCase
  cameraIds: ReadonlyMap<string, number>
  plate: string | null
}) {
  const { t } = useTranslation()
  const [page, setPage] = useState(1)
  const windows = lookupCase.result.windows
  const confirm = useConfirm()
  const unconfirm = useUnconfirm()
  const verdicts = useMemo(() => {
    const m = new Map<number, LookupConfirmation>()
    // newest verdict per window for the followed plate
    for (const k of lookupCase.confirmations) if (k.plate === plate) m.set(k.windowIndex, k)
    return m
  }, [lookupCase.confirmations, plate])
  if (windows.length === 0) return <Empty description={t('lookup.noWindows')} />
  const start = (page - 1) * PAGE
  return (
    <div className={styles.review} data-testid="lookup-review">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text>
          {plate ? t('lookup.reviewFor', { plate }) : t('lookup.reviewNoPlate')}
        </Typography.Text>
        <Pagination
          size="small"
          current={page}
          pageSize={PAGE}
          total={windows.length}
          onChange={setPage}
          showSizeChanger={false}
        />
      </Space>
      <div className={styles.reviewGrid}>
        {windows.slice(start, start + PAGE).map((w, i) => (
          <ReviewTile
            key={`${lookupCase.id}-${start + i}`}
            index={start + i}
            window={w}
            cameraId={cameraIds.get(w.cameraCode) ?? null}
            verdict={verdicts.get(start + i) ?? null}
            onVerdict={(verdict, videoAt, snapshot) => {
              const existing = verdicts.get(start + i)
              const run = async () => {
                if (existing)
                  await unconfirm.mutateAsync({
                    caseId: lookupCase.id,
                    confirmationId: existing.id
                  })
                if (existing?.verdict === verdict) return
                await confirm.mutateAsync({
                  caseId: lookupCase.id,
                  windowIndex: start + i,
                  plate,
                  verdict,
                  videoAt,
                  note: '',
                  snapshotDataUrl: snapshot ?? undefined
                })
              }
              run().catch((e: unknown) => void message.error(String(e)))
            }}
          />
        ))}
      </div>
    </div>
  )
}

function ReviewTile({
  index,
  window: w,
  cameraId,
  verdict,
  onVerdict
}: {
  index: number
  window: LookupWindow
  cameraId: number | null
  verdict: LookupConfirmation | null
  onVerdict: (v: Verdict, videoAt: number, snapshot: string | null) => void
}) {
  const { t } = useTranslation()
  const timeZone = useAppInfo().data?.timeZone ?? 'Asia/Shanghai'
  const videoRef = useRef<HTMLVideoElement | null>(null)
  const to = Math.max(w.cameraToMs, w.cameraFromMs + 1000)
  const source = useQuery({
    queryKey: ['lookup', 'vod', cameraId, w.cameraFromMs, to],
    queryFn: () => api['playback:open']({ cameraIds: [cameraId!], from: w.cameraFromMs, to }),
    enabled: cameraId !== null,
    staleTime: 10 * 60_000
  })
  const url = source.data?.[0]?.url ?? null
  const vod = useVodStream(videoRef, url, w.cameraFromMs)
  const mark = (v: Verdict) => {
    const video = videoRef.current
    const at =
      video && vod.startMs !== undefined
        ? Math.round(vod.startMs + video.currentTime * 1000)
        : w.cameraFromMs
    onVerdict(v, at, video ? captureFrame(video) : null)
  }
  return (
    <div
      className={styles.tile}
      data-testid="review-tile"
      data-window={index}
      data-verdict={verdict?.verdict ?? ''}
      data-state={vod.status}
    >
      <div className={styles.tileHead}>
        <span className={styles.badge} style={{ background: hopColor(w.hops) }}>
          {index + 1}
        </span>
        <Tooltip title={w.cameraName}>
          <span className={styles.tileTitle}>
            {w.cameraCode} {w.cameraName}
          </span>
        </Tooltip>
      </div>
      <div className={styles.tileVideo}>
        <video ref={videoRef} muted playsInline controls preload="auto" />
        {!url && (
          <div className={styles.tileEmpty}>
            {source.isLoading ? t('lookup.loading') : t('lookup.noFootage')}
          </div>
        )}
      </div>
      <div className={styles.tileFoot}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <PlayCircleOutlined /> {formatTime(w.cameraFromMs, timeZone)}–
          {formatTime(w.cameraToMs, timeZone)}
        </Typography.Text>
        <Space size={4}>
          <Button
            size="small"
            type={verdict?.verdict === 'seen' ? 'primary' : 'default'}
            icon={<CheckOutlined />}
            onClick={() => mark('seen')}
            data-testid="review-seen"
          >
            {t('lookup.seenHere')}
          </Button>
          <Button
            size="small"
            danger={verdict?.verdict === 'not_seen'}
            icon={<CloseOutlined />}
            onClick={() => mark('not_seen')}
            data-testid="review-not-seen"
          >
            {t('lookup.notHere')}
          </Button>
        </Space>
      </div>
      {verdict && (
        <Tag color={verdict.verdict === 'seen' ? 'green' : 'red'} className={styles.verdictTag}>
          {verdict.verdict === 'seen' ? t('lookup.seenHere') : t('lookup.notHere')} ·{' '}
          {verdict.createdBy ?? ''}
        </Tag>
      )}
    </div>
  )
}
