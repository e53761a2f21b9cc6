import { useState } from 'react'
import { App, Button, Card, Empty, Input, List, Modal, Select, Space, Tag } from 'antd'
import { FileTextOutlined, PlayCircleOutlined, SwapOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../lib/time'
import { appBus } from '../../lib/appBus'
import { roleHas } from '../../../../shared/auth/roles'
import { useSession, useRoomZone } from '../app/queries'
import { incidentErrorMessage } from '../incidents/errors'
import { StatusTag } from '../incidents/tags'
import {
  useAddEntry,
  useEndShift,
  useEntries,
  useHandover,
  useShifts,
  useStartShift,
  useUpdateShift
} from './queries'
import { ShiftReportView } from './ShiftReportView'
import styles from './duty.module.css'

/**
 * The duty log: the shift on duty (operators, draft handover note, hand
 * over), its free-text entries, open incidents carried over, past shifts and
 * their printable reports.
 */
export function DutyLog() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const session = useSession()
  const handover = useHandover()
  const shifts = useShifts()
  const current = handover.data?.current ?? null
  const [viewShift, setViewShift] = useState<number | null>(null)
  const shownShift = viewShift ?? current?.id ?? null
  const entries = useEntries(shownShift)
  const start = useStartShift()
  const update = useUpdateShift()
  const end = useEndShift()
  const add = useAddEntry()
  const [text, setText] = useState('')
  const [operators, setOperators] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [handingOver, setHandingOver] = useState(false)
  const [reportOf, setReportOf] = useState<number | null>(null)
  const tz = useRoomZone()
  const canLog = session.data ? roleHas(session.data.user.role, 'incident.log') : false
  const me = session.data?.user.displayName ?? ''
  const onError = (err: unknown) => void message.error(incidentErrorMessage(t, err))

  // the form follows the stored shift when it changes (another window saved, a new shift started)
  const syncKey = JSON.stringify([current?.id, current?.operators, current?.handoverNote, me])
  const [synced, setSynced] = useState('')
  if (synced !== syncKey) {
    setSynced(syncKey)
    setOperators(current?.operators ?? (me ? [me] : []))
    setNote(current?.handoverNote ?? '')
  }

  const saveDraft = () =>
    current && update.mutate({ id: current.id, operators, handoverNote: note }, { onError })
  const submitEntry = () => {
    const v = text.trim()
    if (v) add.mutate({ text: v }, { onSuccess: () => setText(''), onError })
  }

  return (
    <div className={styles.layout} data-testid="duty-log">
      <div className={styles.side}>
        <Card size="small" title={t('duty.currentShift')} data-testid="duty-current">
          {current ? (
            <>
              <div className={styles.meta}>
                {t('duty.startedAt', {
                  at: formatDateTime(current.startedAt, tz),
                  by: current.startedBy ?? '—'
                })}
              </div>
              <div className={styles.label}>{t('duty.operators')}</div>
              <Select
                mode="tags"
                value={operators}
                onChange={setOperators}
                onBlur={saveDraft}
                style={{ width: '100%' }}
                disabled={!canLog}
                data-testid="duty-operators"
              />
              <div className={styles.label}>{t('duty.handoverNote')}</div>
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                onBlur={saveDraft}
                autoSize={{ minRows: 3, maxRows: 8 }}
                placeholder={t('duty.handoverHint')}
                disabled={!canLog}
                data-testid="duty-handover-note"
              />
              <Space className={styles.actions} wrap>
                <Button
                  icon={<FileTextOutlined />}
                  onClick={() => setReportOf(current.id)}
                  data-testid="duty-report"
                >
                  {t('duty.report')}
                </Button>
                {canLog && (
                  <Button
                    icon={<SwapOutlined />}
                    danger
                    onClick={() => setHandingOver(true)}
                    data-testid="duty-end"
                  >
                    {t('duty.handOver')}
                  </Button>
                )}
              </Space>
            </>
          ) : (
            <>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.noShift')} />
              {canLog && (
                <>
                  <div className={styles.label}>{t('duty.operators')}</div>
                  <Select
                    mode="tags"
                    value={operators}
                    onChange={setOperators}
                    style={{ width: '100%' }}
                    data-testid="duty-operators"
                  />
                  <Button
                    type="primary"
                    icon={<PlayCircleOutlined />}
                    className={styles.actions}
                    loading={start.isPending}
                    onClick={() => start.mutate({ operators }, { onError })}
                    data-testid="duty-start"
                  >
                    {t('duty.start')}
                  </Button>
                </>
              )}
            </>
          )}
        </Card>
        <Card
          size="small"
          title={t('handover.open', { count: handover.data?.openIncidents.length ?? 0 })}
          className={styles.card}
        >
          <List
            size="small"
            dataSource={handover.data?.openIncidents ?? []}
            locale={{ emptyText: t('duty.noOpen') }}
            renderItem={(i) => (
              <List.Item
                className={styles.clickable}
                onClick={() => appBus.emit('incident:open', { id: i.id })}
              >
                <Space size={6}>
                  <StatusTag status={i.status} />#{i.id} {formatDateTime(i.at, tz).slice(5, 16)}{' '}
                  {i.placeName}
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('duty.pastShifts')} className={styles.card}>
          <List
            size="small"
            dataSource={shifts.data ?? []}
            renderItem={(s) => (
              <List.Item
                className={`${styles.clickable} ${shownShift === s.id ? styles.selected : ''}`}
                onClick={() => setViewShift(s.id === current?.id ? null : s.id)}
                actions={[
                  <a key="r" onClick={(e) => (e.stopPropagation(), setReportOf(s.id))}>
                    {t('duty.report')}
                  </a>
                ]}
              >
                <span>
                  {formatDateTime(s.startedAt, tz).slice(5, 16)} –{' '}
                  {s.endedAt ? (
                    formatDateTime(s.endedAt, tz).slice(5, 16)
                  ) : (
                    <Tag color="green">{t('duty.onDuty')}</Tag>
                  )}
                  <span className={styles.meta}> {s.operators.join('、')}</span>
                </span>
              </List.Item>
            )}
          />
        </Card>
      </div>
      <div className={styles.main}>
        {canLog && shownShift === (current?.id ?? null) && (
          <Space.Compact className={styles.entryInput}>
            <Input
              value={text}
              onChange={(e) => setText(e.target.value)}
              onPressEnter={submitEntry}
              placeholder={t('duty.entryHint')}
              maxLength={5000}
              data-testid="duty-entry-input"
            />
            <Button
              type="primary"
              onClick={submitEntry}
              loading={add.isPending}
              data-testid="duty-entry-add"
            >
              {t('duty.addEntry')}
            </Button>
          </Space.Compact>
        )}
        <List
          className={styles.entries}
          dataSource={entries.data ?? []}
          loading={entries.isPending}
          locale={{ emptyText: t('duty.noEntries') }}
          data-testid="duty-entries"
          renderItem={(e) => (
            <List.Item>
              <div className={styles.entry}>
                <span className={styles.entryTime}>{formatDateTime(e.at, tz)}</span>
                <span className={styles.entryActor}>{e.actor}</span>
                <span className={styles.entryText}>{e.text}</span>
                {e.incidentId && (
                  <a onClick={() => appBus.emit('incident:open', { id: e.incidentId! })}>
                    #{e.incidentId}
                  </a>
                )}
              </div>
            </List.Item>
          )}
        />
      </div>
      <Modal
        open={handingOver}
        title={t('duty.handOver')}
        onCancel={() => setHandingOver(false)}
        okText={t('duty.handOverConfirm')}
        okButtonProps={{ danger: true, loading: end.isPending }}
        onOk={() =>
          current &&
          end.mutate(
            { id: current.id, handoverNote: note },
            {
              onSuccess: () => {
                setHandingOver(false)
                setReportOf(current.id)
              },
              onError
            }
          )
        }
      >
        <p>{t('duty.handOverText', { count: handover.data?.openIncidents.length ?? 0 })}</p>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoSize={{ minRows: 4 }}
          placeholder={t('duty.handoverHint')}
        />
      </Modal>
      {reportOf !== null && (
        <ShiftReportView shiftId={reportOf} onClose={() => setReportOf(null)} />
      )}
    </div>
  )
}
