export const WORKSPACES = [
  'wall',
  'playback',
  'lookup',
  'events',
  'stats',
  'registry',
  'settings'
] as const
export type Workspace = (typeof WORKSPACES)[number]
