/**
 * Vocabularies of checkpoint (卡口) pass records, as DESIGN.md's
 * sightings.csv names them. Each value has its zh-CN label (also the word
 * Chinese checkpoint exports use) and its en label.
 */
export type VocabularyLabel = { 'zh-CN': string; en: string }

/** One vocabulary from one table: its codes in display order, and each code's labels. */
function vocabulary<const K extends string>(table: Record<K, readonly [zh: string, en: string]>) {
  const codes = Object.keys(table) as K[]
  const labels = Object.fromEntries(
    codes.map((k) => [k, { 'zh-CN': table[k][0], en: table[k][1] }])
  ) as Record<K, VocabularyLabel>
  return { codes: codes as readonly K[], labels }
}

/** Where the vehicle was heading when the camera read it. */
export const { codes: HEADINGS, labels: HEADING_LABELS } = vocabulary({
  N: ['北', 'North'],
  E: ['东', 'East'],
  S: ['南', 'South'],
  W: ['西', 'West']
})
export type Heading = (typeof HEADINGS)[number]

export const { codes: PLATE_COLORS, labels: PLATE_COLOR_LABELS } = vocabulary({
  blue: ['蓝', 'Blue'],
  green: ['绿', 'Green'],
  yellow: ['黄', 'Yellow'],
  white: ['白', 'White'],
  black: ['黑', 'Black']
})
export type PlateColor = (typeof PLATE_COLORS)[number]

export const { codes: VEHICLE_COLORS, labels: VEHICLE_COLOR_LABELS } = vocabulary({
  white: ['白', 'White'],
  black: ['黑', 'Black'],
  gray: ['灰', 'Gray'],
  silver: ['银', 'Silver'],
  blue: ['蓝', 'Blue'],
  red: ['红', 'Red'],
  brown: ['棕', 'Brown'],
  green: ['绿', 'Green'],
  yellow: ['黄', 'Yellow'],
  other: ['其他', 'Other']
})
export type VehicleColor = (typeof VEHICLE_COLORS)[number]

export const { codes: VEHICLE_TYPES, labels: VEHICLE_TYPE_LABELS } = vocabulary({
  sedan: ['轿车', 'Sedan'],
  suv: ['SUV', 'SUV'],
  mpv: ['MPV', 'MPV'],
  van: ['面包车', 'Van'],
  truck: ['货车', 'Truck'],
  bus: ['客车', 'Bus'],
  other: ['其他', 'Other']
})
export type VehicleType = (typeof VEHICLE_TYPES)[number]

export const { codes: VEHICLE_BRANDS, labels: VEHICLE_BRAND_LABELS } = vocabulary({
  byd: ['比亚迪', 'BYD'],
  volkswagen: ['大众', 'Volkswagen'],
  toyota: ['丰田', 'Toyota'],
  honda: ['本田', 'Honda'],
  geely: ['吉利', 'Geely'],
  nissan: ['日产', 'Nissan'],
  changan: ['长安', 'Changan'],
  tesla: ['特斯拉', 'Tesla'],
  buick: ['别克', 'Buick'],
  bmw: ['宝马', 'BMW'],
  mercedes: ['奔驰', 'Mercedes-Benz'],
  audi: ['奥迪', 'Audi'],
  haval: ['哈弗', 'Haval'],
  wuling: ['五菱', 'Wuling'],
  'li-auto': ['理想', 'Li Auto'],
  ford: ['福特', 'Ford'],
  hyundai: ['现代', 'Hyundai'],
  nio: ['蔚来', 'NIO'],
  xpeng: ['小鹏', 'XPeng'],
  kia: ['起亚', 'Kia'],
  other: ['其他', 'Other']
})
export type VehicleBrand = (typeof VEHICLE_BRANDS)[number]

/**
 * One plate read by an ANPR camera. `ts` is UTC epoch milliseconds. The
 * attributes come from the camera's classifier: null (or absent, for reads
 * from before they were recorded) means the camera could not tell, and a
 * value may be wrong now and then.
 */
export type Sighting = {
  cameraCode: string
  ts: number
  plate: string
  confidence: number | null
} & Partial<SightingAttributes>

/** The attributes of a read, all present (null: the camera could not tell). */
export type SightingAttributes = {
  direction: Heading | null
  plateColor: PlateColor | null
  vehicleColor: VehicleColor | null
  vehicleType: VehicleType | null
  vehicleBrand: VehicleBrand | null
}

/**
 * Each attribute's vocabulary, in the order stores keep them. A store that
 * codes a word keeps its position from 1 (0 or NULL: not told); vocabularies
 * only grow at their end, so a stored code keeps its word.
 */
export const ATTRIBUTE_VOCABULARIES = {
  direction: HEADINGS,
  plateColor: PLATE_COLORS,
  vehicleColor: VEHICLE_COLORS,
  vehicleType: VEHICLE_TYPES,
  vehicleBrand: VEHICLE_BRANDS
} as const satisfies {
  [K in keyof SightingAttributes]: readonly NonNullable<SightingAttributes[K]>[]
}

/** The attributes of a read, null where the read has none. */
export function sightingAttributes(s: Sighting): SightingAttributes {
  return {
    direction: s.direction ?? null,
    plateColor: s.plateColor ?? null,
    vehicleColor: s.vehicleColor ?? null,
    vehicleType: s.vehicleType ?? null,
    vehicleBrand: s.vehicleBrand ?? null
  }
}
