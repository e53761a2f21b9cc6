/**
 * Vocabularies of checkpoint (卡口) pass records, as DESIGN.md's
 * sightings.csv names them. Each value has its zh-CN label (also the word
 * Chinese checkpoint exports use) and its en label.
 */
export type VocabularyLabel = { 'zh-CN': string; en: string }

/** Where the vehicle was heading when the camera read it. */
export const HEADINGS = ['N', 'E', 'S', 'W'] as const
export type Heading = (typeof HEADINGS)[number]
export const HEADING_LABELS: Record<Heading, VocabularyLabel> = {
  N: { 'zh-CN': '北', en: 'North' },
  E: { 'zh-CN': '东', en: 'East' },
  S: { 'zh-CN': '南', en: 'South' },
  W: { 'zh-CN': '西', en: 'West' }
}

export const PLATE_COLORS = ['blue', 'green', 'yellow', 'white', 'black'] as const
export type PlateColor = (typeof PLATE_COLORS)[number]
export const PLATE_COLOR_LABELS: Record<PlateColor, VocabularyLabel> = {
  blue: { 'zh-CN': '蓝', en: 'Blue' },
  green: { 'zh-CN': '绿', en: 'Green' },
  yellow: { 'zh-CN': '黄', en: 'Yellow' },
  white: { 'zh-CN': '白', en: 'White' },
  black: { 'zh-CN': '黑', en: 'Black' }
}

export const VEHICLE_COLORS = [
  'white',
  'black',
  'gray',
  'silver',
  'blue',
  'red',
  'brown',
  'green',
  'yellow',
  'other'
] as const
export type VehicleColor = (typeof VEHICLE_COLORS)[number]
export const VEHICLE_COLOR_LABELS: Record<VehicleColor, VocabularyLabel> = {
  white: { 'zh-CN': '白', en: 'White' },
  black: { 'zh-CN': '黑', en: 'Black' },
  gray: { 'zh-CN': '灰', en: 'Gray' },
  silver: { 'zh-CN': '银', en: 'Silver' },
  blue: { 'zh-CN': '蓝', en: 'Blue' },
  red: { 'zh-CN': '红', en: 'Red' },
  brown: { 'zh-CN': '棕', en: 'Brown' },
  green: { 'zh-CN': '绿', en: 'Green' },
  yellow: { 'zh-CN': '黄', en: 'Yellow' },
  other: { 'zh-CN': '其他', en: 'Other' }
}

export const VEHICLE_TYPES = ['sedan', 'suv', 'mpv', 'van', 'truck', 'bus', 'other'] as const
export type VehicleType = (typeof VEHICLE_TYPES)[number]
export const VEHICLE_TYPE_LABELS: Record<VehicleType, VocabularyLabel> = {
  sedan: { 'zh-CN': '轿车', en: 'Sedan' },
  suv: { 'zh-CN': 'SUV', en: 'SUV' },
  mpv: { 'zh-CN': 'MPV', en: 'MPV' },
  van: { 'zh-CN': '面包车', en: 'Van' },
  truck: { 'zh-CN': '货车', en: 'Truck' },
  bus: { 'zh-CN': '客车', en: 'Bus' },
  other: { 'zh-CN': '其他', en: 'Other' }
}

export const VEHICLE_BRANDS = [
  'byd',
  'volkswagen',
  'toyota',
  'honda',
  'geely',
  'nissan',
  'changan',
  'tesla',
  'buick',
  'bmw',
  'mercedes',
  'audi',
  'haval',
  'wuling',
  'li-auto',
  'ford',
  'hyundai',
  'nio',
  'xpeng',
  'kia',
  'other'
] as const
export type VehicleBrand = (typeof VEHICLE_BRANDS)[number]
export const VEHICLE_BRAND_LABELS: Record<VehicleBrand, VocabularyLabel> = {
  byd: { 'zh-CN': '比亚迪', en: 'BYD' },
  volkswagen: { 'zh-CN': '大众', en: 'Volkswagen' },
  toyota: { 'zh-CN': '丰田', en: 'Toyota' },
  honda: { 'zh-CN': '本田', en: 'Honda' },
  geely: { 'zh-CN': '吉利', en: 'Geely' },
  nissan: { 'zh-CN': '日产', en: 'Nissan' },
  changan: { 'zh-CN': '长安', en: 'Changan' },
  tesla: { 'zh-CN': '特斯拉', en: 'Tesla' },
  buick: { 'zh-CN': '别克', en: 'Buick' },
  bmw: { 'zh-CN': '宝马', en: 'BMW' },
  mercedes: { 'zh-CN': '奔驰', en: 'Mercedes-Benz' },
  audi: { 'zh-CN': '奥迪', en: 'Audi' },
  haval: { 'zh-CN': '哈弗', en: 'Haval' },
  wuling: { 'zh-CN': '五菱', en: 'Wuling' },
  'li-auto': { 'zh-CN': '理想', en: 'Li Auto' },
  ford: { 'zh-CN': '福特', en: 'Ford' },
  hyundai: { 'zh-CN': '现代', en: 'Hyundai' },
  nio: { 'zh-CN': '蔚来', en: 'NIO' },
  xpeng: { 'zh-CN': '小鹏', en: 'XPeng' },
  kia: { 'zh-CN': '起亚', en: 'Kia' },
  other: { 'zh-CN': '其他', en: 'Other' }
}

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
  direction?: Heading | null
  plateColor?: PlateColor | null
  vehicleColor?: VehicleColor | null
  vehicleType?: VehicleType | null
  vehicleBrand?: VehicleBrand | null
}

/** The attributes of a read, all present (null: the camera could not tell). */
export type SightingAttributes = {
  direction: Heading | null
  plateColor: PlateColor | null
  vehicleColor: VehicleColor | null
  vehicleType: VehicleType | null
  vehicleBrand: VehicleBrand | null
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
