/**
 * What the desktop harness's two halves tell each other over the fork
 * channel. The main half (mainProcess.ts) runs the built out/main bundle
 * against the stand-in `electron` module; the renderer half (desktop.ts, in
 * the test process) turns windows into Chromium pages and runs the built
 * preload for each. URLs cross this channel as the app sees them
 * (`watchroom://app/…`).
 */
export type WindowOptions = { preload?: string; width?: number; height?: number }

export type FromMain =
  | { t: 'listening'; port: number }
  | { t: 'window:create'; id: number; options: WindowOptions }
  | { t: 'window:load'; id: number; url: string }
  | { t: 'window:show' | 'window:focus' | 'window:close'; id: number }
  | { t: 'send'; id: number; channel: string; args: unknown[] }
  | { t: 'download'; id: number; url: string }
  | { t: 'reply'; req: number; value: unknown }
  | { t: 'open-external'; url: string }
  | { t: 'db-open'; file: string }
  | { t: 'dialog'; message: string }
  | { t: 'second-instance'; argv: string[] }

export type ToMain =
  | { t: 'invoke'; req: number; id: number; frameUrl: string; channel: string; args: unknown[] }
  | { t: 'window-open'; req: number; id: number; url: string }
  | { t: 'page:loaded'; id: number }
  | { t: 'page:closed'; id: number }
  | { t: 'quit' }
