import { DatePicker } from 'antd'
import { fromRoomDayjs, toRoomDayjs } from '../lib/roomPicker'

/**
 * A time range typed and shown on the room's wall clock, whatever zone this
 * browser is in; whole seconds, both ends always set.
 */
export function RoomRangePicker({
  fromMs,
  toMs,
  timeZone,
  onChange,
  size
}: {
  fromMs: number
  toMs: number
  timeZone: string
  onChange: (range: { fromMs: number; toMs: number }) => void
  size?: 'small'
}) {
  return (
    <DatePicker.RangePicker
      size={size}
      showTime={{ format: 'HH:mm:ss' }}
      format="YYYY-MM-DD HH:mm:ss"
      allowClear={false}
      style={{ width: '100%' }}
      value={[toRoomDayjs(fromMs, timeZone), toRoomDayjs(toMs, timeZone)]}
      onChange={(v) => {
        if (v?.[0] && v[1])
          onChange({
            fromMs: fromRoomDayjs(v[0].millisecond(0), timeZone),
            toMs: fromRoomDayjs(v[1].millisecond(0), timeZone)
          })
      }}
    />
  )
}
