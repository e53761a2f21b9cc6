-- Append-only audit trail. Each row carries the hash of the previous one, so
-- altering or deleting a row by hand breaks the chain (`watchroom audit verify`).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT,
  -- e.g. camera.update, incident.transition, export.create, auth.login, access.denied
  action TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  -- JSON or NULL
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_byAt ON audit_log (at);
CREATE INDEX audit_log_byEntity ON audit_log (entity, entity_id);

-- Nothing edits or deletes audit rows, not even the app's own SQL.
CREATE TRIGGER audit_log_noUpdate BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_noDelete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
