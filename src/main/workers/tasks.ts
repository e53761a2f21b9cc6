import { parseCamerasCsv } from '../registry/io/camerasCsv'
import { parseRoadsGeoJson } from '../registry/io/roadsGeojson'

/**
 * Work that runs off the main thread: pure functions of structured-clonable
 * input and output. A new kind of heavy work adds one entry here.
 */
export const WORKER_TASKS = {
  'registry.parseCameras': (file: Uint8Array) => parseCamerasCsv(file),
  'registry.parseRoads': (file: Uint8Array) => parseRoadsGeoJson(file)
} as const

export type WorkerTaskName = keyof typeof WORKER_TASKS
export type WorkerTaskInput<K extends WorkerTaskName> = Parameters<(typeof WORKER_TASKS)[K]>[0]
export type WorkerTaskOutput<K extends WorkerTaskName> = ReturnType<(typeof WORKER_TASKS)[K]>
