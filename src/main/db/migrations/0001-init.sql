-- Foundation: registry, wall layouts, accounts, event log, settings, sightings.
CREATE TABLE cameras (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  lat REAL NOT NULL,
  lng REAL NOT NULL,
  heading_deg REAL,
  fov_deg REAL,
  anpr INTEGER NOT NULL DEFAULT 0 CHECK (anpr IN (0, 1)),
  stream_url TEXT,
  sub_stream_url TEXT,
  block TEXT,
  community TEXT,
  kind TEXT,
  owner TEXT CHECK (owner IS NULL OR owner IN ('public', 'social')),
  notes TEXT,
  status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'degraded', 'offline')),
  last_seen_at INTEGER,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  created_by TEXT,
  updated_by TEXT
) STRICT;
CREATE UNIQUE INDEX cameras_byCode ON cameras (code);
CREATE INDEX cameras_byBlockCommunity ON cameras (block, community);

CREATE TABLE roads (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  oneway TEXT NOT NULL CHECK (oneway IN ('no', 'forward', 'backward')),
  speed_kmh REAL NOT NULL CHECK (speed_kmh > 0),
  kind TEXT,
  -- JSON: [[lng, lat], ...][] (one array per LineString part)
  lines TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX roads_byExternalId ON roads (external_id);

CREATE TABLE sightings (
  id INTEGER PRIMARY KEY,
  camera_code TEXT NOT NULL,
  ts INTEGER NOT NULL,
  plate TEXT NOT NULL,
  confidence REAL
) STRICT;
CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts);
CREATE INDEX sightings_byPlateTs ON sightings (plate, ts);

CREATE TABLE layouts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  cols INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  -- JSON: LayoutCell[]
  cells TEXT NOT NULL,
  -- JSON: (number | null)[]
  camera_ids TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('duty', 'supervisor', 'technician', 'admin')),
  -- scrypt$N$r$p$salt$hash
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_byUsername ON users (username);

CREATE TABLE system_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  camera_id INTEGER REFERENCES cameras (id),
  actor TEXT,
  data TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX system_events_byAt ON system_events (at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
