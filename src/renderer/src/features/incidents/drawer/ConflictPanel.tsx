import { Alert, Button, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../lib/time'
import type { IncidentFields } from '../../../../../shared/domain/incident'
import { useRoomZone } from '../../app/queries'
import { changedFields, fieldsOf, type Conflict } from '../model/conflict'
import styles from '../incidents.module.css'

/** Shows their saved version against the user's unsaved one; the user's text stays until they choose. */
export function ConflictPanel({
  conflict,
  onUseMine,
  onTakeTheirs,
  onMerge
}: {
  conflict: Conflict
  onUseMine: () => void
  onTakeTheirs: () => void
  onMerge: () => void
}) {
  const { t } = useTranslation()
  const tz = useRoomZone()
  const theirs = fieldsOf(conflict.theirs)
  const changed = changedFields(theirs, conflict.mine)
  const show = (k: keyof IncidentFields, v: unknown) =>
    k === 'at' && typeof v === 'number'
      ? formatDateTime(v, tz)
      : typeof v === 'string'
        ? v
        : JSON.stringify(v)
  return (
    <Alert
      type="warning"
      showIcon
      className={styles.conflict}
      data-testid="incident-conflict"
      title={t('incident.conflictTitle', {
        by: conflict.theirs.updatedBy ?? '?',
        at: formatDateTime(conflict.theirs.updatedAt, tz),
        version: conflict.theirs.version
      })}
      description={
        <>
          <p>{t('incident.conflictKept')}</p>
          <table className={styles.conflictTable}>
            <thead>
              <tr>
                <th />
                <th>{t('incident.theirVersion')}</th>
                <th>{t('incident.yourVersion')}</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((k) => (
                <tr key={k}>
                  <td>{t(`incident.field.${k}`)}</td>
                  <td data-testid={`conflict-theirs-${k}`}>{show(k, theirs[k])}</td>
                  <td data-testid={`conflict-mine-${k}`}>{show(k, conflict.mine[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Space style={{ marginTop: 8 }}>
            <Button onClick={onUseMine} data-testid="conflict-use-mine">
              {t('incident.useMine')}
            </Button>
            {changed.includes('description') && (
              <Button onClick={onMerge}>{t('incident.mergeText')}</Button>
            )}
            <Button onClick={onTakeTheirs}>{t('incident.takeTheirs')}</Button>
          </Space>
        </>
      }
    />
  )
}
