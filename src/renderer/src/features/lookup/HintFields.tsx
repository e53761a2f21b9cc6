import type { ReactNode } from 'react'
import { Input, Segmented, Select, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import {
  HEADINGS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES,
  VEHICLE_COLOR_LABELS,
  type Heading
} from '../../../../shared/domain/sighting'
import type { LookupHints } from '../../../../shared/lookup/types'
import { labelMatches, matchesSearch } from '../../lib/search'
import { hintValueLabel, normalizePattern, platePatternProblem, type Lang } from './model/hints'
import styles from './lookup.module.css'

/** Swatches for the colour picker (the body colours checkpoint classifiers report). */
const SWATCH: Record<string, string> = {
  white: '#f5f5f5',
  black: '#111',
  gray: '#8c8c8c',
  silver: '#c0c6cc',
  blue: '#1d5fd1',
  red: '#d4380d',
  brown: '#7a4a22',
  green: '#389e0d',
  yellow: '#fadb14',
  other: 'linear-gradient(135deg, #f5f5f5 50%, #8c8c8c 50%)'
}

export const HEADING_ARROWS: Record<Heading, string> = { N: '↑', E: '→', S: '↓', W: '←' }

/**
 * What a witness or a nearby camera told: colour, type and brand in the
 * checkpoint vocabularies' Chinese names, the heading it fled, the plate as
 * far as it was seen with `?` for the rest. Used by the lookup (hints) and
 * the vehicle search (filters).
 */
export function HintFields({
  value,
  onChange,
  testId
}: {
  value: LookupHints
  onChange: (patch: Partial<LookupHints>) => void
  testId: string
}) {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const opts = (hint: 'color' | 'type' | 'brand', values: readonly string[]) =>
    values.map((v) => ({ value: v, label: hintValueLabel(hint, v, lang) }))
  const problem = platePatternProblem(value.plate ?? '')
  /** A picker of one hint; with `search`, typing filters it by name or code. */
  const hintSelect = <K extends 'color' | 'type' | 'brand'>(
    hint: K,
    options: { value: string; label: ReactNode }[],
    search = false
  ) => (
    <Select
      allowClear
      showSearch={search}
      size="small"
      placeholder={t(`lookup.hint.${hint}`)}
      value={value[hint]}
      onChange={(v: LookupHints[K]) => onChange({ [hint]: v })}
      filterOption={
        search
          ? (input, o) => labelMatches(input, o) || matchesSearch(input, [String(o?.value)])
          : undefined
      }
      options={options}
      data-testid={`${testId}-${hint}`}
    />
  )
  return (
    <div className={styles.hints} data-testid={testId}>
      {hintSelect(
        'color',
        VEHICLE_COLORS.map((v) => ({
          value: v,
          label: (
            <span>
              <i className={styles.swatch} style={{ background: SWATCH[v] }} />
              {VEHICLE_COLOR_LABELS[v][lang]}
            </span>
          )
        }))
      )}
      {hintSelect('type', opts('type', VEHICLE_TYPES))}
      {hintSelect('brand', opts('brand', VEHICLE_BRANDS), true)}
      <Space size={4} className={styles.hintHeading}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('lookup.hint.heading')}
        </Typography.Text>
        <Segmented<Heading | ''>
          size="small"
          value={value.heading ?? ''}
          onChange={(h) => onChange({ heading: h || undefined })}
          options={[
            { value: '', label: t('lookup.hint.any') },
            ...HEADINGS.map((h) => ({
              value: h,
              label: `${HEADING_ARROWS[h]} ${hintValueLabel('heading', h, lang)}`
            }))
          ]}
          data-testid={`${testId}-heading`}
        />
      </Space>
      <div className={styles.hintPlate}>
        <Input
          size="small"
          allowClear
          placeholder={t('lookup.hint.platePlaceholder')}
          value={value.plate ?? ''}
          status={problem ? 'error' : undefined}
          onChange={(e) => onChange({ plate: normalizePattern(e.target.value) || undefined })}
          maxLength={16}
          data-testid={`${testId}-plate`}
        />
        <Typography.Text
          type={problem ? 'danger' : 'secondary'}
          style={{ fontSize: 11 }}
          data-testid={`${testId}-plate-note`}
        >
          {problem ? t(`lookup.hint.plateProblem.${problem}`) : t('lookup.hint.plateNote')}
        </Typography.Text>
      </div>
    </div>
  )
}
