-- ONVIF devices behind cameras, camera alarm rules and raised alarms (#13).

-- The device account lives here and nowhere else: the camera table (and so
-- every camera export) never carries it, and the API never returns the password.
CREATE TABLE onvif_links (
  camera_id INTEGER PRIMARY KEY REFERENCES cameras (id),
  xaddr TEXT NOT NULL,
  username TEXT NOT NULL,
  password TEXT NOT NULL,
  profile_token TEXT NOT NULL,
  ptz INTEGER NOT NULL DEFAULT 0,
  snapshot_uri TEXT,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) STRICT;

CREATE TABLE alarm_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  -- JSON arrays; an empty camera list means every ONVIF camera
  camera_ids TEXT NOT NULL DEFAULT '[]',
  kinds TEXT NOT NULL DEFAULT '[]',
  -- JSON [{ day 0-6 (Sunday 0), from, to }] in minutes of the room's day; [] = always
  schedule TEXT NOT NULL DEFAULT '[]',
  actions TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) STRICT;

CREATE TABLE alarms (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL REFERENCES cameras (id),
  rule_id INTEGER REFERENCES alarm_rules (id),
  kind TEXT NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  -- events folded into this alarm by the per-camera throttle
  count INTEGER NOT NULL DEFAULT 1,
  popup INTEGER NOT NULL DEFAULT 1,
  sound INTEGER NOT NULL DEFAULT 0,
  incident_id INTEGER REFERENCES incidents (id),
  acked_at INTEGER,
  acked_by TEXT
) STRICT;
CREATE INDEX alarms_byAckedAt ON alarms (acked_at, first_at);
CREATE INDEX alarms_byCameraId ON alarms (camera_id, first_at);
