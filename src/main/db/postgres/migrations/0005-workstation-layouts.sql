-- SQLite 0004-workstation-layouts.
CREATE TABLE workstation_layouts (
  workstation_id text PRIMARY KEY,
  layout_id bigint NOT NULL REFERENCES layouts (id) ON DELETE CASCADE,
  updated_at bigint NOT NULL
);
CREATE INDEX workstation_layouts_byLayoutId ON workstation_layouts (layout_id);
