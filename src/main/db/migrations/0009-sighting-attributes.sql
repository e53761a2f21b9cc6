-- Checkpoint pass records carry more than a plate: the heading at the camera
-- and the classifier's plate colour, body colour, type and brand. NULL means
-- the camera could not tell (and every read imported before this step).
ALTER TABLE sightings ADD COLUMN direction TEXT CHECK (direction IN ('N', 'E', 'S', 'W'));
ALTER TABLE sightings ADD COLUMN plate_color TEXT;
ALTER TABLE sightings ADD COLUMN vehicle_color TEXT;
ALTER TABLE sightings ADD COLUMN vehicle_type TEXT;
ALTER TABLE sightings ADD COLUMN vehicle_brand TEXT;
-- Vehicle search without cameras or a plate narrows by body colour first.
CREATE INDEX sightings_byColorTs ON sightings (vehicle_color, ts);
