-- The bigram text (src/main/incidents/search.ts) as a stored tsvector, with
-- the GIN index on it instead of on the expression. A phrase query (the
-- bigrams of a word in order) must recheck each candidate row's positions:
-- from the expression index that meant parsing the body again per row; the
-- stored column is read as it is. No SQLite counterpart: FTS5 keeps its own.
ALTER TABLE incidents_fts
  ADD COLUMN doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
DROP INDEX incidents_fts_byBody;
CREATE INDEX incidents_fts_byDoc ON incidents_fts USING gin (doc);

ALTER TABLE duty_log_fts
  ADD COLUMN doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
DROP INDEX duty_log_fts_byBody;
CREATE INDEX duty_log_fts_byDoc ON duty_log_fts USING gin (doc);
