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
import { matchesSearch } from '../../lib/search'
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
  return (
    <div className={styles.hints} data-testid={testId}>
      <Select
        allowClear
        size="small"
        placeholder={t('lookup.hint.color')}
        value={value.color}
        onChange={(color) => onChange({ color })}
        options={VEHICLE_COLORS.map((v) => ({
          value: v,
          label: (
            <span>
              <i className={styles.swatch} style={{ background: SWATCH[v] }} />
              {VEHICLE_COLOR_LABELS[v][lang]}
            </span>
          )
        }))}
        data-testid={`${testId}-color`}
      />
      <Select
        allowClear
        size="small"
        placeholder={t('lookup.hint.type')}
        value={value.type}
        onChange={(type) => onChange({ type })}
        options={opts('type', VEHICLE_TYPES)}
        data-testid={`${testId}-type`}
      />
      <Select
        allowClear
        showSearch
        size="small"
        placeholder={t('lookup.hint.brand')}
        value={value.brand}
        onChange={(brand) => onChange({ brand })}
        filterOption={(input, o) =>
          matchesSearch(input, [String(o?.label ?? ''), String(o?.value)])
        }
        options={opts('brand', VEHICLE_BRANDS)}
        data-testid={`${testId}-brand`}
      />
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
