-- Registry model: patrol blocks and communities, user-defined camera groups,
-- and the history of probed stream health. Cameras keep block/community as
-- text (the CSV columns); the tables below name them and order them.
CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX blocks_byName ON blocks (name);

CREATE TABLE communities (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- the block most of its cameras are in; NULL when unknown
  block_id INTEGER REFERENCES blocks (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX communities_byName ON communities (name);

-- e.g. "金城路沿线", "大润发商圈"
CREATE TABLE camera_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  color TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT
) STRICT;
CREATE UNIQUE INDEX camera_groups_byName ON camera_groups (name);

CREATE TABLE camera_group_members (
  group_id INTEGER NOT NULL REFERENCES camera_groups (id) ON DELETE CASCADE,
  camera_id INTEGER NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, camera_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX camera_group_members_byCamera ON camera_group_members (camera_id);

-- One row per status change found by the health prober.
CREATE TABLE camera_status_history (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('unknown', 'online', 'degraded', 'offline')),
  previous TEXT CHECK (previous IS NULL OR previous IN ('unknown', 'online', 'degraded', 'offline')),
  -- why: http status, timeout, "not advancing for 12 s"…
  detail TEXT
) STRICT;
CREATE INDEX camera_status_history_byCameraAt ON camera_status_history (camera_id, at);

CREATE INDEX cameras_byStatus ON cameras (status);

INSERT INTO blocks (name, created_at)
  SELECT DISTINCT block, 0 FROM cameras WHERE block IS NOT NULL ORDER BY block;
INSERT INTO communities (name, block_id, created_at)
  SELECT g.community, b.id, 0
  FROM (SELECT community, MIN(block) AS block FROM cameras WHERE community IS NOT NULL GROUP BY community) g
  LEFT JOIN blocks b ON b.name = g.block
  ORDER BY g.community;
