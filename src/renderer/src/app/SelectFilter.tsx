import { Select } from 'antd'

/** A toolbar filter that picks one value; cleared, it gives null, which means all. */
export function SelectFilter<V extends string | number>({
  placeholder,
  width,
  value,
  onChange,
  options,
  showSearch,
  testId
}: {
  placeholder: string
  width: number
  value: V | null
  onChange: (v: V | null) => void
  options: { value: V; label: string }[]
  showSearch?: boolean
  testId?: string
}) {
  return (
    <Select<V>
      allowClear
      showSearch={showSearch}
      placeholder={placeholder}
      style={{ width }}
      value={value ?? undefined}
      onChange={(v: V | undefined) => onChange(v ?? null)}
      options={options}
      data-testid={testId}
    />
  )
}
