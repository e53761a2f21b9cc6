import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

export const playbackKeys = {
  availability: (ids: readonly number[], from: number, to: number, minGapMs: number) =>
    ['playback', 'availability', ids, from, to, minGapMs] as const,
  sources: (ids: readonly number[], from: number, to: number) =>
    ['playback', 'sources', ids, from, to] as const,
  bookmarks: (from: number, to: number) => ['bookmarks', from, to] as const,
  incidents: (from: number, to: number) => ['playback', 'incidents', from, to] as const,
  exports: ['exports'] as const
}

/** Recorded stretches per camera in the timeline's view (refreshed while recording goes on). */
export const useAvailability = (cameraIds: number[], from: number, to: number, minGapMs: number) =>
  useQuery({
    queryKey: playbackKeys.availability(cameraIds, from, to, minGapMs),
    queryFn: () => api['playback:availability']({ cameraIds, from, to, minGapMs }),
    enabled: cameraIds.length > 0,
    staleTime: 15_000,
    refetchInterval: 30_000,
    placeholderData: (prev) => prev
  })

/** Signed VOD playlists of one window for every open camera. */
export const usePlaybackSources = (cameraIds: number[], from: number, to: number) =>
  useQuery({
    queryKey: playbackKeys.sources(cameraIds, from, to),
    queryFn: () => api['playback:open']({ cameraIds, from, to }),
    enabled: cameraIds.length > 0 && to > from
  })

export const useBookmarks = (from: number, to: number, enabled = true) =>
  useQuery({
    queryKey: playbackKeys.bookmarks(from, to),
    queryFn: () => api['bookmarks:list']({ from, to }),
    placeholderData: (prev) => prev,
    enabled
  })

/** Incidents in the view, for marks on the timeline. */
export const useIncidentMarks = (from: number, to: number) =>
  useQuery({
    queryKey: playbackKeys.incidents(from, to),
    queryFn: () => api['incidents:list']({ fromMs: from, toMs: to, limit: 500 }),
    placeholderData: (prev) => prev,
    staleTime: 30_000
  })

export const useExports = (enabled: boolean) =>
  useQuery({
    queryKey: playbackKeys.exports,
    queryFn: () => api['export:list']({ limit: 10 }),
    enabled
  })
