import m0001 from './0001-init.sql?raw'
import m0002 from './0002-audit.sql?raw'
import m0003 from './0003-registry.sql?raw'
import m0004 from './0004-workstation-layouts.sql?raw'
import m0005 from './0005-incidents-duty.sql?raw'
import m0007 from './0007-clock-offsets.sql?raw'
import m0006 from './0006-recording.sql?raw'
import m0008 from './0008-lookup-cases.sql?raw'
import m0009 from './0009-sighting-attributes.sql?raw'
import m0010 from './0010-onvif-alarms.sql?raw'
import m0011 from './0011-camera-credentials.sql?raw'
import m0012 from './0012-sighting-attribute-codes.sql?raw'
import m0013 from './0013-recording-room.sql?raw'

/**
 * Every schema step, in order. Append only: a migration that has shipped is
 * never edited; a change is a new numbered file. An explicit list (not a
 * folder scan) because the app runs from inside an asar archive.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '0001-init', sql: m0001 },
  { version: 2, name: '0002-audit', sql: m0002 },
  { version: 3, name: '0003-registry', sql: m0003 },
  { version: 4, name: '0004-workstation-layouts', sql: m0004 },
  { version: 5, name: '0005-incidents-duty', sql: m0005 },
  { version: 6, name: '0006-recording', sql: m0006 },
  { version: 7, name: '0007-clock-offsets', sql: m0007 },
  { version: 8, name: '0008-lookup-cases', sql: m0008 },
  { version: 9, name: '0009-sighting-attributes', sql: m0009 },
  { version: 10, name: '0010-onvif-alarms', sql: m0010 },
  { version: 11, name: '0011-camera-credentials', sql: m0011 },
  { version: 12, name: '0012-sighting-attribute-codes', sql: m0012 },
  { version: 13, name: '0013-recording-room', sql: m0013 }
]
