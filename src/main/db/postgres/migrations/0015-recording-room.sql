-- SQLite 0013-recording-room: the room server that wrote a segment or an
-- export. Every room records into its own data directory but indexes into
-- this one table, so a room reads, serves and deletes only the rows naming
-- it (its room.id), and paths are unique per room.
ALTER TABLE recording_segments ADD COLUMN room text NOT NULL DEFAULT '';
DROP INDEX recording_segments_byPath;
-- (same name: only its key gains the room)
CREATE UNIQUE INDEX recording_segments_byPath ON recording_segments (room, path);

ALTER TABLE exports ADD COLUMN room text NOT NULL DEFAULT '';
