// Types for scripts/electron-setup.mjs (plain JavaScript: it runs before anything is built).
export declare const MIN_NODE: [number, number]
export declare class SetupError extends Error {}
export type RunResult = { status: number | null; stderr?: string }
export type Run = (file: string, args: string[], opts: { cwd: string }) => RunResult
export type SetupOptions = {
  nodeVersion: string
  platform: NodeJS.Platform
  arch: string
  execPath: string
  electronDir: string
  sqliteDir: string
  prebuildInstall: string
  nodeGyp: string | null
  outDir: string
  tmpDir: string
  run: Run
  log: (msg: string) => void
}
export declare function nodeIsRecentEnough(version: string): boolean
export declare function electronInstalled(electronDir: string): boolean
export declare function sourceCopyFilter(srcDir: string): (p: string) => boolean
export declare function stampName(o: {
  electronVersion: string
  sqliteVersion: string
  platform: string
  arch: string
}): string
export declare function findNodeGyp(o: {
  env: Record<string, string | undefined>
  execPath: string
  resolve: (id: string) => string | null
  exists: (p: string) => boolean
}): string | null
export declare function setupDesktop(o: SetupOptions): string[]
export declare function reason(stderr: string | undefined): string
