-- Estimated clock error of each ANPR camera (camera clock minus true time),
-- recomputed after each sightings import and used by the lookup.
CREATE TABLE camera_clock_offsets (
  camera_code TEXT PRIMARY KEY,
  offset_ms REAL NOT NULL,
  estimated_at INTEGER NOT NULL
) STRICT;
