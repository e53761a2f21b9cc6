import { useEffect, useMemo } from 'react'
import { Badge, Button, Tag } from 'antd'
import { AlertOutlined, CheckOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { onServerEvent } from '../../lib/api'
import { formatTime } from '../../lib/time'
import { useCan } from '../../lib/permissions'
import { Tile } from '../wall/Tile'
import { WallContext } from '../wall/wallContext'
import { useAckAlarm, useAlarms } from './queries'
import styles from './alarm.module.css'

/** A short two-tone alarm through Web Audio: no sound file to ship or load. */
function beep(): void {
  try {
    const ctx = new AudioContext()
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.connect(gain).connect(ctx.destination)
    gain.gain.value = 0.15
    osc.frequency.setValueAtTime(880, ctx.currentTime)
    osc.frequency.setValueAtTime(660, ctx.currentTime + 0.25)
    osc.start()
    osc.stop(ctx.currentTime + 0.5)
    osc.onended = () => void ctx.close()
  } catch {
    // no audio device: the flashing tile still says it
  }
}

/**
 * The wall's alarm tile: the camera of the newest unacknowledged alarm with a
 * flashing border, its kind and count, and every other unacknowledged alarm
 * below it until someone acknowledges them.
 */
export function AlarmTile({
  cameras,
  timeZone
}: {
  cameras: ReadonlyMap<number, CameraView>
  timeZone: string
}) {
  const { t } = useTranslation()
  const alarms = useAlarms()
  const ack = useAckAlarm()
  const canAck = useCan('ptz.control')
  const open = useMemo(
    () => (alarms.data ?? []).filter((a) => a.ackedAt === null && a.popup),
    [alarms.data]
  )

  useEffect(
    () =>
      onServerEvent((msg) => {
        if (msg.event === 'alarm:changed' && msg.payload.raised && msg.payload.alarm.sound) beep()
      }),
    []
  )

  const current = open[0]
  if (!current) return null
  const camera = cameras.get(current.cameraId) ?? null
  return (
    <div
      className={styles.panel}
      data-testid="alarm-tile"
      data-camera-code={current.cameraCode}
      data-alarm-id={current.id}
      data-count={current.count}
    >
      <div className={styles.head}>
        <AlertOutlined />
        <span className={styles.title}>
          {t(`alarms.kind.${current.kind}`)} · {current.cameraName}
        </span>
        {current.count > 1 && (
          <Tag color="red" data-testid="alarm-count">
            {t('alarms.count', { count: current.count })}
          </Tag>
        )}
        <span className={styles.time}>{formatTime(current.firstAt, timeZone)}</span>
      </div>
      <div className={styles.flash} key={current.id}>
        {/* outside the wall's context: the alarm tile is not a slot of the layout */}
        <WallContext.Provider value={null}>
          <Tile camera={camera} timeZone={timeZone} />
        </WallContext.Provider>
      </div>
      <div className={styles.foot}>
        {current.incidentId !== null && (
          <Tag color="blue" data-testid="alarm-incident">
            {t('alarms.incident', { id: current.incidentId })}
          </Tag>
        )}
        {open.length > 1 && (
          <Badge count={open.length - 1} size="small">
            <span className={styles.more}>{t('alarms.more')}</span>
          </Badge>
        )}
        {canAck && (
          <Button
            type="primary"
            danger
            size="small"
            icon={<CheckOutlined />}
            loading={ack.isPending}
            onClick={() => ack.mutate(current.id)}
            data-testid="alarm-ack"
          >
            {t('alarms.ack')}
          </Button>
        )}
      </div>
      {open.length > 1 && (
        <ul className={styles.list} data-testid="alarm-list">
          {open.slice(1, 6).map((a) => (
            <li key={a.id}>
              <span>
                {formatTime(a.firstAt, timeZone)} {a.cameraName} · {t(`alarms.kind.${a.kind}`)}
                {a.count > 1 ? ` ×${a.count}` : ''}
              </span>
              {canAck && (
                <Button size="small" type="link" onClick={() => ack.mutate(a.id)}>
                  {t('alarms.ack')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
