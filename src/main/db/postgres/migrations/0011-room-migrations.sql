-- `watchroom migrate` moves a room's file into the district once: this row
-- says it happened (from which file, what was copied, the audit chain's head
-- and which key it is MACed with: the key's SHA-256, never the key itself).
CREATE TABLE room_migrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  source_schema bigint NOT NULL,
  migrated_at bigint NOT NULL,
  -- JSON: { table: rows copied }
  counts text NOT NULL,
  audit_rows bigint NOT NULL,
  audit_head_id bigint,
  audit_head_hash text,
  audit_key_sha256 text,
  audit_keyed_from bigint
);
-- Ids are copied as the room had them, so a second room cannot be poured on
-- top of the first: at most one row, even when two migrations race.
CREATE UNIQUE INDEX room_migrations_byOne ON room_migrations ((true));
