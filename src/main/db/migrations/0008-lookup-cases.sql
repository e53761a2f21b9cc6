-- Hit-and-run lookup cases: the query, a summary of the result, the map
-- image, and the operator's review verdicts ("seen here" / "not here") with
-- their snapshots. Files live under <data dir>/lookup-cases/<case id>/.
CREATE TABLE lookup_cases (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  -- the incident it belongs to (linked through the incidents API when present)
  incident_id INTEGER REFERENCES incidents (id) ON DELETE SET NULL,
  -- LookupQuery plus how the origin was chosen (JSON)
  query_json TEXT NOT NULL,
  -- windows, top candidates and origin of the result (JSON)
  result_json TEXT NOT NULL,
  -- the candidate the operator is following, if any
  selected_plate TEXT,
  -- relative path of the map PNG under the case folder
  map_file TEXT,
  -- optimistic concurrency, as incidents
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) STRICT;
CREATE INDEX lookup_cases_byIncidentId ON lookup_cases (incident_id);
CREATE INDEX lookup_cases_byCreatedAt ON lookup_cases (created_at);

CREATE TABLE lookup_case_confirmations (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lookup_cases (id) ON DELETE CASCADE,
  -- index into the saved result's windows
  window_index INTEGER NOT NULL,
  camera_code TEXT NOT NULL,
  -- the candidate plate confirmed or rejected (null: "a vehicle", no plate chosen)
  plate TEXT,
  verdict TEXT NOT NULL CHECK (verdict IN ('seen', 'not_seen')),
  -- the video moment on the camera clock (UTC epoch ms)
  video_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  snapshot_file TEXT,
  snapshot_sha256 TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT
) STRICT;
CREATE INDEX lookup_case_confirmations_byCaseId ON lookup_case_confirmations (case_id, window_index);
