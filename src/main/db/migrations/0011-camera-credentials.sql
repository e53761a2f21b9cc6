-- Stream credentials in the camera's record (#15 point 7, #12 point 1). The password is sealed
-- by the room's secret box (Electron safeStorage on the desktop, a 0600 key file in host mode)
-- and never stored in clear, never in stream_url, never returned by the API. The user name is
-- kept as typed: technicians see it in the camera form, other roles never receive it.
ALTER TABLE cameras ADD COLUMN stream_user TEXT;
ALTER TABLE cameras ADD COLUMN stream_password BLOB;
