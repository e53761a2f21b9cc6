-- SQLite 0007-clock-offsets.
CREATE TABLE camera_clock_offsets (
  camera_code text PRIMARY KEY,
  offset_ms double precision NOT NULL,
  estimated_at bigint NOT NULL
);
