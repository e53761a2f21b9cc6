import m0001 from './0001-sightings.sql?raw'
import m0002 from './0002-init.sql?raw'
import m0003 from './0003-audit.sql?raw'
import m0004 from './0004-registry.sql?raw'
import m0005 from './0005-workstation-layouts.sql?raw'
import m0006 from './0006-incidents-duty.sql?raw'
import m0007 from './0007-recording.sql?raw'
import m0008 from './0008-clock-offsets.sql?raw'
import m0009 from './0009-lookup-cases.sql?raw'
import m0010 from './0010-onvif-alarms.sql?raw'
import m0011 from './0011-room-migrations.sql?raw'
import m0012 from './0012-change-notify.sql?raw'
import m0013 from './0013-camera-credentials.sql?raw'
import m0014 from './0014-incidents-fts-doc.sql?raw'
import m0015 from './0015-recording-room.sql?raw'
import m0016 from './0016-sightings-no-colour-index.sql?raw'
import m0017 from './0017-rooms.sql?raw'

/**
 * The PostgreSQL schema steps, in order, under the same rules as the SQLite
 * list (../../migrations/index.ts): append only, explicit, numbered from 1.
 * Steps 2-10 mirror the SQLite steps one by one (each file names its
 * counterpart); tests/db/pgSchemaParity.test.ts holds the two schemas equal.
 */
export const PG_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '0001-sightings', sql: m0001 },
  { version: 2, name: '0002-init', sql: m0002 },
  { version: 3, name: '0003-audit', sql: m0003 },
  { version: 4, name: '0004-registry', sql: m0004 },
  { version: 5, name: '0005-workstation-layouts', sql: m0005 },
  { version: 6, name: '0006-incidents-duty', sql: m0006 },
  { version: 7, name: '0007-recording', sql: m0007 },
  { version: 8, name: '0008-clock-offsets', sql: m0008 },
  { version: 9, name: '0009-lookup-cases', sql: m0009 },
  { version: 10, name: '0010-onvif-alarms', sql: m0010 },
  { version: 11, name: '0011-room-migrations', sql: m0011 },
  { version: 12, name: '0012-change-notify', sql: m0012 },
  { version: 13, name: '0013-camera-credentials', sql: m0013 },
  { version: 14, name: '0014-incidents-fts-doc', sql: m0014 },
  { version: 15, name: '0015-recording-room', sql: m0015 },
  { version: 16, name: '0016-sightings-no-colour-index', sql: m0016 },
  { version: 17, name: '0017-rooms', sql: m0017 }
]
