-- Incidents with their workflow, linked cameras, attachments and departments
-- notified; the duty log (shifts, free-text entries, handover notes); and
-- full-text indexes over both.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  -- code of a type from the configurable list (settings 'incidents.types')
  type TEXT NOT NULL,
  -- when it happened (UTC epoch ms)
  at INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'acknowledged', 'dispatched', 'resolved', 'closed')),
  place_kind TEXT NOT NULL CHECK (place_kind IN ('camera', 'road', 'point')),
  camera_id INTEGER REFERENCES cameras (id),
  road_id INTEGER REFERENCES roads (id),
  place_name TEXT NOT NULL DEFAULT '',
  lat REAL,
  lng REAL,
  -- derived from the place when saved
  block TEXT,
  community TEXT,
  description TEXT NOT NULL DEFAULT '',
  -- optimistic concurrency: every change bumps it; a save names the version it edited
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) STRICT;
CREATE INDEX incidents_byAt ON incidents (at);
CREATE INDEX incidents_byStatusAt ON incidents (status, at);
CREATE INDEX incidents_byBlockAt ON incidents (block, at);
CREATE INDEX incidents_byTypeAt ON incidents (type, at);

-- One row per workflow step (create, acknowledge, dispatch, resolve, close, reopen).
CREATE TABLE incident_steps (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  -- the reason of a reopen, a resolution note…
  note TEXT
) STRICT;
CREATE INDEX incident_steps_byIncident ON incident_steps (incident_id, at);
CREATE INDEX incident_steps_byAt ON incident_steps (at);

CREATE TABLE incident_cameras (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  camera_id INTEGER NOT NULL REFERENCES cameras (id),
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL CHECK (to_ms >= from_ms)
) STRICT;
CREATE INDEX incident_cameras_byIncident ON incident_cameras (incident_id);
CREATE INDEX incident_cameras_byCamera ON incident_cameras (camera_id);

-- Files live under <data dir>/attachments/<incident id>/; the row keeps their hash.
CREATE TABLE incident_attachments (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'clip', 'file')),
  file_name TEXT NOT NULL,
  rel_path TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT
) STRICT;
CREATE INDEX incident_attachments_byIncident ON incident_attachments (incident_id);

-- Departments called: when, how, by whom.
CREATE TABLE incident_notifications (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  -- code of a department from settings 'incidents.departments'
  department TEXT NOT NULL,
  at INTEGER NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('phone', 'radio', 'system', 'in_person', 'other')),
  called_by TEXT NOT NULL,
  -- who answered / reference number
  contact TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_notifications_byIncident ON incident_notifications (incident_id);
CREATE INDEX incident_notifications_byAt ON incident_notifications (at);
CREATE INDEX incident_notifications_byDepartment ON incident_notifications (department, incident_id);

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  -- JSON: string[] (display names of the operators on duty)
  operators TEXT NOT NULL DEFAULT '[]',
  handover_note TEXT NOT NULL DEFAULT '',
  started_by TEXT,
  ended_by TEXT,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;
CREATE INDEX shifts_byStartedAt ON shifts (started_at);
-- at most one open shift
CREATE UNIQUE INDEX shifts_byOpen ON shifts (ended_at IS NULL) WHERE ended_at IS NULL;

CREATE TABLE duty_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  shift_id INTEGER REFERENCES shifts (id),
  actor TEXT,
  text TEXT NOT NULL,
  incident_id INTEGER REFERENCES incidents (id)
) STRICT;
CREATE INDEX duty_log_byAt ON duty_log (at);
CREATE INDEX duty_log_byShift ON duty_log (shift_id);

-- Full-text indexes. The text is tokenized in main into overlapping bigrams
-- (src/main/incidents/search.ts) because the trigram tokenizer cannot answer
-- two-character Chinese queries (盗窃, 纠纷) from the index. Contentless:
-- the text itself lives in the tables above.
CREATE VIRTUAL TABLE incidents_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE duty_log_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
