-- The room server that wrote a segment or an export. On a district every
-- room records into its own data directory but indexes into the one shared
-- table, so a room reads, serves and deletes only the rows naming it; on a
-- room's own file every row is its own and the column stays ''. Paths are
-- unique per room: two rooms' stores may hold the same relative path.
ALTER TABLE recording_segments ADD COLUMN room TEXT NOT NULL DEFAULT '';
DROP INDEX recording_segments_byPath;
-- (same name: only its key gains the room)
CREATE UNIQUE INDEX recording_segments_byPath ON recording_segments (room, path);

ALTER TABLE exports ADD COLUMN room TEXT NOT NULL DEFAULT '';
