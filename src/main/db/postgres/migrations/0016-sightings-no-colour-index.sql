-- The district's pass records keep no (vehicle_color, ts) index; a room's SQLite file keeps its own.
-- Building it was the dearest of a day's index builds (colour leads with ten values, so the sort
-- compares whole keys: about 40% of the server's CPU per loaded row, docs/DISTRICT.md), and it does
-- not pay for itself here: a colour has readings on nearly every heap page of an hour, so the
-- colour-only search reads the same pages through the BRIN on ts with a filter, in about the same time.
DROP INDEX IF EXISTS sightings_byColorTs;
