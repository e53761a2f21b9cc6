import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import styles from './lookup.module.css'

/** A plate as the camera read it, marked when it differs from the plate asked about. */
export function ReadPlate({ plate, fuzzy }: { plate: string; fuzzy: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      <span className={styles.plate}>{plate}</span>
      {fuzzy && (
        <Tag color="gold" style={{ marginInlineStart: 4 }}>
          {t('lookup.fuzzy')}
        </Tag>
      )}
    </>
  )
}
