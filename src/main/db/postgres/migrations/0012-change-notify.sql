-- Several rooms on one district database: every change another room must
-- show is announced on the channel `watchroom_changes` as
-- {"event", "payload", "origin"}, in the shapes of the app's server events
-- (src/shared/ipc/events.ts); src/main/db/postgres/notify.ts listens. NOTIFY
-- is delivered at commit (never for a rolled back change) and identical
-- notifications of one transaction are folded into one, so an import of
-- 5,000 cameras announces `registry:changed` once. `origin` is the writer's
-- application_name, so that a room can skip what it announced itself.
-- `SET LOCAL watchroom.quiet = on` silences a bulk copy (watchroom migrate).
CREATE FUNCTION watchroom_notify(event text, payload jsonb) RETURNS void LANGUAGE sql AS $$
  SELECT pg_notify(
    'watchroom_changes',
    jsonb_build_object('event', event, 'payload', payload, 'origin', current_setting('application_name'))::text
  )
  WHERE coalesce(current_setting('watchroom.quiet', true), '') <> 'on'
$$;

CREATE FUNCTION watchroom_incident_payload(i incidents, change text, at bigint, actor text)
RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object(
    'id', i.id, 'version', i.version, 'status', i.status, 'severity', i.severity,
    'change', change, 'at', at, 'actor', actor
  )
$$;

-- The change is named as the incident handlers name it: the workflow action
-- for a status change, `update` for an edit (a new version); a touch (the
-- time of a notification or attachment) is announced by its own table.
CREATE FUNCTION watchroom_incidents_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    change := 'create';
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    change := CASE
      WHEN NEW.status = 'acknowledged' AND OLD.status IN ('resolved', 'closed') THEN 'reopen'
      WHEN NEW.status = 'acknowledged' THEN 'acknowledge'
      WHEN NEW.status = 'dispatched' THEN 'dispatch'
      WHEN NEW.status = 'resolved' THEN 'resolve'
      WHEN NEW.status = 'closed' THEN 'close'
      ELSE 'update'
    END;
  ELSIF NEW.version IS DISTINCT FROM OLD.version THEN
    change := 'update';
  ELSE
    RETURN NULL;
  END IF;
  PERFORM watchroom_notify('incident:changed', watchroom_incident_payload(
    NEW, change, NEW.updated_at, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_by ELSE NEW.updated_by END
  ));
  RETURN NULL;
END;
$$;
CREATE TRIGGER incidents_notify AFTER INSERT OR UPDATE ON incidents
  FOR EACH ROW EXECUTE FUNCTION watchroom_incidents_notify();

CREATE FUNCTION watchroom_incident_parts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i incidents;
BEGIN
  SELECT * INTO i FROM incidents WHERE id = NEW.incident_id;
  IF TG_TABLE_NAME = 'incident_notifications' THEN
    PERFORM watchroom_notify('incident:changed', watchroom_incident_payload(i, 'notify', NEW.created_at, NEW.called_by));
  ELSE
    PERFORM watchroom_notify('incident:changed', watchroom_incident_payload(i, 'attach', NEW.created_at, NEW.created_by));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER incident_notifications_notify AFTER INSERT ON incident_notifications
  FOR EACH ROW EXECUTE FUNCTION watchroom_incident_parts_notify();
CREATE TRIGGER incident_attachments_notify AFTER INSERT ON incident_attachments
  FOR EACH ROW EXECUTE FUNCTION watchroom_incident_parts_notify();

-- A camera's probed health arrives as its history row (which has the time of
-- the change); any other change to the registry as `registry:changed`.
CREATE FUNCTION watchroom_cameras_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND (to_jsonb(NEW) - 'status' - 'last_seen_at') = (to_jsonb(OLD) - 'status' - 'last_seen_at') THEN
    RETURN NULL;
  END IF;
  PERFORM watchroom_notify('registry:changed', '{"what": "cameras"}');
  RETURN NULL;
END;
$$;
CREATE TRIGGER cameras_notify AFTER INSERT OR UPDATE OR DELETE ON cameras
  FOR EACH ROW EXECUTE FUNCTION watchroom_cameras_notify();

CREATE FUNCTION watchroom_camera_status_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watchroom_notify('camera:status', jsonb_build_object(
    'cameraId', NEW.camera_id,
    'code', (SELECT code FROM cameras WHERE id = NEW.camera_id),
    'status', NEW.status,
    'at', NEW.at,
    'reason', NULL
  ));
  RETURN NULL;
END;
$$;
CREATE TRIGGER camera_status_history_notify AFTER INSERT ON camera_status_history
  FOR EACH ROW EXECUTE FUNCTION watchroom_camera_status_notify();

CREATE FUNCTION watchroom_registry_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watchroom_notify('registry:changed', jsonb_build_object('what', TG_ARGV[0]));
  RETURN NULL;
END;
$$;
CREATE TRIGGER roads_notify AFTER INSERT OR UPDATE OR DELETE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION watchroom_registry_notify('roads');
CREATE TRIGGER camera_groups_notify AFTER INSERT OR UPDATE OR DELETE ON camera_groups
  FOR EACH STATEMENT EXECUTE FUNCTION watchroom_registry_notify('groups');
CREATE TRIGGER camera_group_members_notify AFTER INSERT OR UPDATE OR DELETE ON camera_group_members
  FOR EACH STATEMENT EXECUTE FUNCTION watchroom_registry_notify('groups');

CREATE FUNCTION watchroom_duty_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watchroom_notify('duty:changed', jsonb_build_object(
    'what', CASE WHEN TG_TABLE_NAME = 'shifts' THEN 'shift' ELSE 'entry' END,
    'id', NEW.id
  ));
  RETURN NULL;
END;
$$;
CREATE TRIGGER shifts_notify AFTER INSERT OR UPDATE ON shifts
  FOR EACH ROW EXECUTE FUNCTION watchroom_duty_notify();
CREATE TRIGGER duty_log_notify AFTER INSERT ON duty_log
  FOR EACH ROW EXECUTE FUNCTION watchroom_duty_notify();

CREATE FUNCTION watchroom_layouts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watchroom_notify('layouts:changed', jsonb_build_object(
    'id', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END
  ));
  RETURN NULL;
END;
$$;
CREATE TRIGGER layouts_notify AFTER INSERT OR UPDATE OR DELETE ON layouts
  FOR EACH ROW EXECUTE FUNCTION watchroom_layouts_notify();

-- An event's data can be larger than a notification may carry (8,000
-- bytes): only its id travels, and the listener reads the row.
CREATE FUNCTION watchroom_system_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watchroom_notify('event:appended', jsonb_build_object('id', NEW.id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER system_events_notify AFTER INSERT ON system_events
  FOR EACH ROW EXECUTE FUNCTION watchroom_system_events_notify();
