export const WORKSPACES = ['wall', 'playback', 'lookup', 'events', 'registry', 'settings'] as const
export type Workspace = (typeof WORKSPACES)[number]
