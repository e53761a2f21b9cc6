import os from 'node:os'

/** Niceness of a background thread: on a busy machine the main thread's media and calls come first. */
const BACKGROUND_NICE = 10

/**
 * Lowers the calling worker thread's CPU priority. Linux keeps a nice value
 * per thread, so only this thread yields; elsewhere the same call would lower
 * the whole app, so it is left alone there.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return
  try {
    os.setPriority(0, Math.max(os.getPriority(0), BACKGROUND_NICE))
  } catch {
    // a container may refuse; the thread then runs at the app's priority
  }
}
