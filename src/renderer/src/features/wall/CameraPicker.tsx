import { Modal, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { matchesSearch } from '../../lib/search'

/** "Replace": choose the camera a tile shows, searching by code, name or pinyin initials. */
export function CameraPicker({
  cameras,
  onPick,
  onClose
}: {
  cameras: readonly CameraView[]
  onPick: (id: number) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  return (
    <Modal open title={t('tile.menu.replace')} footer={null} onCancel={onClose} destroyOnHidden>
      <Select
        autoFocus
        showSearch
        open
        style={{ width: '100%' }}
        placeholder={t('tree.search')}
        filterOption={(input, option) =>
          matchesSearch(input, [option?.code ?? '', option?.name ?? ''])
        }
        onChange={(id: number) => onPick(id)}
        options={cameras.map((c) => ({
          value: c.id,
          label: `${c.code}  ${c.name}`,
          code: c.code,
          name: c.name
        }))}
        data-testid="camera-picker"
      />
    </Modal>
  )
}
