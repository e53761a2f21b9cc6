-- The district's room directory: each room server registers itself at start
-- (its stable id from the data directory, the URL other rooms reach it at)
-- and says it is alive while it runs. PostgreSQL only: a room's own file
-- has one room.
CREATE TABLE rooms (
  id text PRIMARY KEY,
  name text NOT NULL,
  public_url text NOT NULL,
  -- the application_name of the room server's pool while it runs: a camera
  -- registered through that pool is served by this room unless set otherwise
  origin text,
  last_seen_ms bigint NOT NULL
);
CREATE INDEX rooms_byOrigin ON rooms (origin);

-- Which room's server connects to a camera (its live service, recorder and
-- prober); the other rooms see it through that room. A camera without a row
-- is served by whichever room shows it, as on a room of its own.
CREATE TABLE camera_rooms (
  camera_id bigint PRIMARY KEY REFERENCES cameras (id) ON DELETE CASCADE,
  room text NOT NULL
);

CREATE FUNCTION camera_rooms_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO camera_rooms (camera_id, room)
  SELECT NEW.id, r.id FROM rooms r WHERE r.origin = current_setting('application_name')
  LIMIT 1
  ON CONFLICT (camera_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER cameras_room_default AFTER INSERT ON cameras
  FOR EACH ROW EXECUTE FUNCTION camera_rooms_default();

-- An incident's attachment file lives in the data directory of the room
-- whose server stored it; the other rooms fetch it from that room.
CREATE TABLE attachment_rooms (
  attachment_id bigint PRIMARY KEY REFERENCES incident_attachments (id) ON DELETE CASCADE,
  room text NOT NULL
);

CREATE FUNCTION attachment_rooms_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO attachment_rooms (attachment_id, room)
  SELECT NEW.id, r.id FROM rooms r WHERE r.origin = current_setting('application_name')
  LIMIT 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER incident_attachments_room AFTER INSERT ON incident_attachments
  FOR EACH ROW EXECUTE FUNCTION attachment_rooms_default();
