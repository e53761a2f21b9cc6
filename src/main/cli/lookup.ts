import type { Command } from 'commander'
import type { WritableDb } from '../db/database'

/** `lookup` and `trail` (DESIGN.md command line contract). */
export function registerLookupCommands(program: Command, _dbOf: () => WritableDb): void {
  void program
}
