import { z } from 'zod'
import { channel } from '../channel'
import { rowId as id } from '../schemas'
import type { DutyLogEntry, Handover, Shift, ShiftReport } from '../../domain/duty'

const operators = z.array(z.string().trim().min(1).max(60)).max(20)
const note = z.string().max(20_000)

export const dutyContract = {
  /** What the incoming shift must know: the open shift, the last handover note, incidents still open. */
  'duty:handover': channel<Handover>()({ input: z.object({}).strict(), permission: 'watch' }),
  /** Recent shifts, newest first. */
  'duty:shifts': channel<Shift[]>()({
    input: z.object({ limit: z.number().int().min(1).max(200).default(30) }).strict(),
    permission: 'watch'
  }),
  /** Start a shift; refused with `conflict` while another one is on duty. */
  'duty:startShift': channel<Shift>()({
    input: z.object({ operators }).strict(),
    permission: 'incident.log',
    audit: 'shift'
  }),
  /** Change the open shift's operators or draft handover note. */
  'duty:updateShift': channel<Shift>()({
    input: z.object({ id, operators, handoverNote: note }).strict(),
    permission: 'incident.log',
    audit: 'shift'
  }),
  /** Hand over: end the shift with its handover note. */
  'duty:endShift': channel<Shift>()({
    input: z.object({ id, handoverNote: note }).strict(),
    permission: 'incident.log',
    audit: 'shift'
  }),
  /** Duty log entries, newest first (of a shift, or all). */
  'duty:entries': channel<DutyLogEntry[]>()({
    input: z
      .object({
        shiftId: id.optional(),
        beforeId: id.optional(),
        limit: z.number().int().min(1).max(500).default(100)
      })
      .strict(),
    permission: 'watch'
  }),
  /** Append a free-text line to the duty log (of the shift on duty). */
  'duty:addEntry': channel<DutyLogEntry>()({
    input: z
      .object({ text: z.string().trim().min(1).max(5000), incidentId: id.optional() })
      .strict(),
    permission: 'incident.log',
    audit: 'duty_log'
  }),
  /** The printable report of a shift: incidents, notifications, camera outages, log entries. */
  'duty:report': channel<ShiftReport>()({
    input: z.object({ shiftId: id }).strict(),
    permission: 'watch',
    audit: 'shift'
  })
}
