import { Button } from 'antd'
import { DeleteOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'

/** The button that takes one row out of a form list (linked cameras, configured codes). */
export function RemoveRowButton({
  onRemove,
  disabled
}: {
  onRemove: () => void
  disabled?: boolean
}) {
  const { t } = useTranslation()
  return (
    <Button
      type="text"
      icon={<DeleteOutlined />}
      onClick={onRemove}
      aria-label={t('incident.remove')}
      disabled={disabled}
    />
  )
}
