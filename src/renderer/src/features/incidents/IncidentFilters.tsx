import { useTranslation } from 'react-i18next'
import { MultiFilter } from '../../app/MultiFilter'
import { useBlockOptions } from '../registry/queries'
import { useConfigOptions } from './queries'

type Props = {
  value: string[]
  onChange: (v: string[]) => void
  minWidth: number
  testId?: string
}

/** Incidents of the picked types (the room's configured types); none picked, all. */
export function IncidentTypeFilter(props: Props) {
  const { t } = useTranslation()
  const options = useConfigOptions('types')
  return <MultiFilter placeholder={t('incident.type')} options={options} {...props} />
}

/** Incidents in the picked blocks of the registry; none picked, all. */
export function BlockFilter(props: Props) {
  const { t } = useTranslation()
  const options = useBlockOptions()
  return <MultiFilter placeholder={t('incident.block')} options={options} {...props} />
}
