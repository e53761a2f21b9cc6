-- The layout each workstation's wall opens with. A workstation without a row
-- falls back to the room-wide default (layouts.is_default).
CREATE TABLE workstation_layouts (
  workstation_id TEXT PRIMARY KEY,
  layout_id INTEGER NOT NULL REFERENCES layouts (id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX workstation_layouts_byLayoutId ON workstation_layouts (layout_id);
