import { Select } from 'antd'

/** A toolbar filter that picks several values; none picked means all. */
export function MultiFilter<V extends string>({
  placeholder,
  minWidth,
  value,
  onChange,
  options,
  testId
}: {
  placeholder: string
  minWidth: number
  value: V[]
  onChange: (v: V[]) => void
  options: { value: V; label: string }[]
  testId?: string
}) {
  return (
    <Select<V[]>
      mode="multiple"
      allowClear
      maxTagCount={1}
      placeholder={placeholder}
      style={{ minWidth }}
      value={value}
      onChange={onChange}
      options={options}
      data-testid={testId}
    />
  )
}
