import { useEffect, useMemo, useRef, useState } from 'react'
import { Button, Empty, Space, Tag, Tooltip, Typography, message } from 'antd'
import { CheckOutlined, CloseOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import { useRoomZone } from '../app/queries'
import { formatTime } from '../../lib/time'
import type { LookupCase, LookupConfirmation } from '../../../../shared/ipc/contracts/lookup'
import type { LookupWindow } from '../../../../shared/lookup/types'
import { useConfirm, useUnconfirm } from './mutations'
import { ReviewPlayer, type ReviewPlayerHandle } from './ReviewPlayer'
import { hopColor } from './model/style'
import styles from './lookup.module.css'

type Verdict = 'seen' | 'not_seen'

/**
 * The review: every window of the case on one scrolling grid (no pages), one
 * small player per window cued to its start on the camera's clock, with the
 * moments the followed plate was read marked. The keyboard moves between
 * windows and marks them: ←/→ previous/next, Space play, S seen, N not here.
 * A verdict keeps a snapshot of the frame on screen.
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
  const timeZone = useRoomZone()
  const windows = lookupCase.result.windows
  const [active, setActive] = useState(0)
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set())
  // registries filled by the tiles' ref callbacks (plain maps: nothing renders from them)
  const [players] = useState(() => new Map<number, ReviewPlayerHandle>())
  const [tiles] = useState(() => new Map<number, HTMLDivElement>())
  const root = useRef<HTMLDivElement | null>(null)
  const confirm = useConfirm()
  const unconfirm = useUnconfirm()
  const verdicts = useMemo(() => {
    const m = new Map<number, LookupConfirmation>()
    // newest verdict per window for the followed plate
    for (const k of lookupCase.confirmations) if (k.plate === plate) m.set(k.windowIndex, k)
    return m
  }, [lookupCase.confirmations, plate])
  // the followed plate's reads, per window, on the camera's clock
  const reads = useMemo(() => {
    const m = new Map<number, number[]>()
    const c = lookupCase.result.candidates.find((x) => x.plate === plate)
    for (const s of c?.sightings ?? [])
      if (s.windowIndex !== null) m.set(s.windowIndex, [...(m.get(s.windowIndex) ?? []), s.ts])
    return m
  }, [lookupCase.result.candidates, plate])

  // players start loading when their tile scrolls near the view
  useEffect(() => {
    const io = new IntersectionObserver(
      (entries) =>
        setVisible((prev) => {
          const next = new Set(prev)
          for (const e of entries) {
            const i = Number((e.target as HTMLElement).dataset.window)
            if (e.isIntersecting) next.add(i)
          }
          return next.size === prev.size ? prev : next
        }),
      { root: root.current, rootMargin: '200px' }
    )
    for (const el of tiles.values()) io.observe(el)
    return () => io.disconnect()
  }, [windows.length, tiles])

  const mark = (index: number, verdict: Verdict) => {
    const existing = verdicts.get(index)
    const { at, snapshot } = players.get(index)?.frame() ?? { at: null, snapshot: null }
    const run = async () => {
      if (existing)
        await unconfirm.mutateAsync({ caseId: lookupCase.id, confirmationId: existing.id })
      if (existing?.verdict === verdict) return
      await confirm.mutateAsync({
        caseId: lookupCase.id,
        windowIndex: index,
        plate,
        verdict,
        videoAt: at ?? windows[index].cameraFromMs,
        note: '',
        snapshotDataUrl: snapshot ?? undefined
      })
    }
    run().catch((e: unknown) => void message.error(String(e)))
  }
  const go = (index: number) => {
    const i = Math.max(0, Math.min(windows.length - 1, index))
    setActive(i)
    tiles.get(i)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target?.closest('input, textarea, [contenteditable="true"]')) return
      if (e.ctrlKey || e.metaKey || e.altKey) return
      const keys: Record<string, () => void> = {
        ArrowRight: () => go(active + 1),
        ArrowDown: () => go(active + 1),
        ArrowLeft: () => go(active - 1),
        ArrowUp: () => go(active - 1),
        ' ': () => players.get(active)?.togglePlay(),
        s: () => mark(active, 'seen'),
        n: () => mark(active, 'not_seen')
      }
      const action = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key]
      if (!action) return
      e.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (windows.length === 0) return <Empty description={t('lookup.noWindows')} />
  return (
    <div className={styles.review} data-testid="lookup-review" data-active={active}>
      <Space className={styles.reviewHead} wrap size={6}>
        <Typography.Text>
          {plate ? t('lookup.reviewFor', { plate }) : t('lookup.reviewNoPlate')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('lookup.reviewKeys')}
        </Typography.Text>
      </Space>
      <div className={styles.reviewStrip} data-testid="review-strip">
        {windows.map((w, i) => {
          const v = verdicts.get(i)?.verdict
          return (
            <Tooltip key={i} title={`${w.cameraName} · ${formatTime(w.cameraFromMs, timeZone)}`}>
              <button
                type="button"
                className={`${styles.stripItem} ${i === active ? styles.stripActive : ''}`}
                data-verdict={v ?? ''}
                data-read={reads.has(i) ? '1' : ''}
                onClick={() => go(i)}
              >
                {i + 1}
              </button>
            </Tooltip>
          )
        })}
      </div>
      <div className={styles.reviewGrid} ref={root}>
        {windows.map((w, i) => (
          <ReviewTile
            key={`${lookupCase.id}-${i}`}
            window={w}
            state={{
              index: i,
              cameraId: cameraIds.get(w.cameraCode) ?? null,
              verdict: verdicts.get(i) ?? null,
              reads: reads.get(i) ?? [],
              active: i === active,
              load: visible.has(i),
              timeZone
            }}
            tileRef={(el) => {
              if (el) tiles.set(i, el)
              else tiles.delete(i)
            }}
            playerRef={(p) => {
              if (p) players.set(i, p)
              else players.delete(i)
            }}
            on={{ verdict: (v) => mark(i, v), focus: () => setActive(i) }}
          />
        ))}
      </div>
    </div>
  )
}

function ReviewTile({
  window: w,
  state,
  tileRef,
  playerRef,
  on
}: {
  window: LookupWindow
  state: {
    index: number
    cameraId: number | null
    verdict: LookupConfirmation | null
    reads: readonly number[]
    active: boolean
    load: boolean
    timeZone: string
  }
  tileRef: (el: HTMLDivElement | null) => void
  playerRef: (p: ReviewPlayerHandle | null) => void
  on: { verdict: (v: Verdict) => void; focus: () => void }
}) {
  const { t } = useTranslation()
  const { index, cameraId, verdict, reads, active, load, timeZone } = state
  const to = Math.max(w.cameraToMs, w.cameraFromMs + 1000)
  const source = useQuery({
    queryKey: ['lookup', 'vod', cameraId, w.cameraFromMs, to],
    queryFn: () => api['playback:open']({ cameraIds: [cameraId!], from: w.cameraFromMs, to }),
    enabled: cameraId !== null && load,
    staleTime: 10 * 60_000
  })
  const url = source.data?.[0]?.url ?? null
  return (
    <div
      className={`${styles.tile} ${active ? styles.tileActive : ''}`}
      ref={tileRef}
      onPointerDown={on.focus}
      data-testid="review-tile"
      data-window={index}
      data-verdict={verdict?.verdict ?? ''}
      data-reads={reads.length}
    >
      <div className={styles.tileHead}>
        <span className={styles.badge} style={{ background: hopColor(w.hops) }}>
          {index + 1}
        </span>
        <Tooltip title={w.cameraName}>
          <span className={styles.tileTitle}>
            {w.cameraName} <span className={styles.mono}>{w.cameraCode}</span>
          </span>
        </Tooltip>
        {verdict && (
          <Tag color={verdict.verdict === 'seen' ? 'green' : 'red'} className={styles.verdictTag}>
            {verdict.verdict === 'seen' ? t('lookup.seenHere') : t('lookup.notHere')} ·{' '}
            {verdict.createdBy ?? ''}
          </Tag>
        )}
      </div>
      <ReviewPlayer
        source={{ url, fromMs: w.cameraFromMs, toMs: to }}
        reads={reads}
        timeZone={timeZone}
        load={load}
        handle={playerRef}
      />
      <div className={styles.tileFoot}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatTime(w.cameraFromMs, timeZone)}–{formatTime(w.cameraToMs, timeZone)}
        </Typography.Text>
        <Space size={4}>
          <Button
            size="small"
            type={verdict?.verdict === 'seen' ? 'primary' : 'default'}
            icon={<CheckOutlined />}
            onClick={() => on.verdict('seen')}
            data-testid="review-seen"
          >
            {t('lookup.seenHere')}
          </Button>
          <Button
            size="small"
            danger={verdict?.verdict === 'not_seen'}
            icon={<CloseOutlined />}
            onClick={() => on.verdict('not_seen')}
            data-testid="review-not-seen"
          >
            {t('lookup.notHere')}
          </Button>
        </Space>
      </div>
    </div>
  )
}
