-- Recording: per-camera settings, the segment index, evidence locks,
-- playback bookmarks and evidence exports. The recording store itself is
-- <data dir>/recordings/; rows hold paths relative to it.
CREATE TABLE recording_settings (
  camera_id INTEGER PRIMARY KEY REFERENCES cameras (id),
  mode TEXT NOT NULL CHECK (mode IN ('off', 'continuous')),
  retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) STRICT;

-- One row per stored HLS segment (MPEG-TS). Times are UTC epoch ms taken from
-- EXT-X-PROGRAM-DATE-TIME when the source tags it, else from arrival.
CREATE TABLE recording_segments (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL REFERENCES cameras (id),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
  duration_ms INTEGER NOT NULL CHECK (duration_ms > 0),
  -- bytes on disk (0 for demo footage that is rendered when served)
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  -- relative to the recording store, or 'demo:<code>/<variant>/<seq>' for the
  -- demo district's footage produced from its rendered loops at serve time
  path TEXT NOT NULL,
  -- recorder run that wrote it: a new run (restart, source discontinuity,
  -- ffmpeg respawn) starts a new media timeline, i.e. an HLS discontinuity
  run INTEGER NOT NULL,
  time_source TEXT NOT NULL CHECK (time_source IN ('pdt', 'arrival')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX recording_segments_byCameraStart ON recording_segments (camera_id, start_ms);
CREATE INDEX recording_segments_byStart ON recording_segments (start_ms);
CREATE UNIQUE INDEX recording_segments_byPath ON recording_segments (path);

-- A range of one camera's footage that must survive retention and quota.
CREATE TABLE evidence_locks (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL REFERENCES cameras (id),
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL CHECK (to_ms > from_ms),
  reason TEXT NOT NULL,
  export_id INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT
) STRICT;
CREATE INDEX evidence_locks_byCamera ON evidence_locks (camera_id, from_ms);

-- Defence in depth: whatever code path deletes index rows, locked footage stays.
CREATE TRIGGER recording_segments_keepLocked BEFORE DELETE ON recording_segments
WHEN EXISTS (
  SELECT 1 FROM evidence_locks
  WHERE camera_id = OLD.camera_id AND from_ms < OLD.end_ms AND to_ms > OLD.start_ms
)
BEGIN
  SELECT RAISE(ABORT, 'segment is under an evidence lock');
END;

CREATE TABLE bookmarks (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  note TEXT NOT NULL,
  -- JSON: camera ids open in playback when it was added
  camera_ids TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  created_by TEXT
) STRICT;
CREATE INDEX bookmarks_byAt ON bookmarks (at);

-- Files live under <data dir>/exports/<dir>/.
CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL CHECK (to_ms > from_ms),
  -- JSON: camera ids
  camera_ids TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
  dir TEXT NOT NULL,
  manifest_sha256 TEXT,
  -- JSON: the manifest's file list once done
  files TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  finished_at INTEGER
) STRICT;
CREATE INDEX exports_byCreatedAt ON exports (created_at);
