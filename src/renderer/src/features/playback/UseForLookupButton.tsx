import { Button, Tooltip } from 'antd'
import { AimOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { appBus } from '../../lib/appBus'
import { useCan } from '../../lib/permissions'

/** Half the lookup window around a time read off a frame: a camera fixed it, give or take. */
export const FRAME_SPAN_MS = 90_000

/**
 * "Use this time": the frame on screen fixes the incident time; the lookup
 * opens with a narrow window around it, at this camera's place unless the
 * lookup already has one.
 */
export function UseForLookupButton({
  at,
  cameraId
}: {
  /** the playback clock now (footage time) */
  at: () => number
  cameraId: number | null
}) {
  const { t } = useTranslation()
  if (!useCan('lookup')) return null
  return (
    <Tooltip title={t('playback.useForLookupHint', { minutes: (2 * FRAME_SPAN_MS) / 60_000 })}>
      <Button
        icon={<AimOutlined />}
        disabled={cameraId === null}
        onClick={() =>
          appBus.emit('lookup:open', { at: at(), spanMs: FRAME_SPAN_MS, cameraId, fromFrame: true })
        }
        data-testid="playback-use-time"
      >
        {t('playback.useForLookup')}
      </Button>
    </Tooltip>
  )
}
