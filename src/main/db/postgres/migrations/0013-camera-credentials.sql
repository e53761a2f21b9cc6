-- SQLite 0011-camera-credentials. The password stays sealed with the key of the room that set it
-- (a district's rooms share the key file named by `watchroom migrate`).
ALTER TABLE cameras ADD COLUMN stream_user text;
ALTER TABLE cameras ADD COLUMN stream_password bytea;
