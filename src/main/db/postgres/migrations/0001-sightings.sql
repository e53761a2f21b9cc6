-- Pass records at district scale (the SQLite 0001 + 0009 sightings columns).
-- Partitioned by UTC day on ts: a day's partition is created when its first
-- rows arrive (sightings/pgRepository.ts) and retention drops whole
-- partitions instead of deleting rows.
CREATE SEQUENCE sightings_seq;
CREATE TABLE sightings (
  -- file order, as SQLite's rowid: the tie-break that keeps answers identical
  seq bigint NOT NULL DEFAULT nextval('sightings_seq'),
  camera_code text NOT NULL,
  ts bigint NOT NULL,
  plate text NOT NULL,
  confidence double precision,
  direction text CHECK (direction IN ('N', 'E', 'S', 'W')),
  plate_color text,
  vehicle_color text,
  vehicle_type text,
  vehicle_brand text
) PARTITION BY RANGE (ts);
-- the lookup's two reads and the vehicle search's colour scan, per partition
CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts);
CREATE INDEX sightings_byPlateTs ON sightings (plate, ts);
CREATE INDEX sightings_byColorTs ON sightings (vehicle_color, ts);
-- rows arrive roughly in time order, so a BRIN on ts stays tiny and prunes
-- time-only scans inside a partition
CREATE INDEX sightings_byTsBrin ON sightings USING brin (ts);
