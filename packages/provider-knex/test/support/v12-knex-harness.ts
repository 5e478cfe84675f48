import { join } from 'node:path'
import type { Knex } from 'knex'
import { runV12Writer, type V12MigrationHarness } from '@evtstore/v12-test-kit'
import { createProvider, migrate } from '../../src/index.js'
import { migrateFromV12 } from '../../src/v12/index.js'

const BIN = join(__dirname, '../../bin/evtstore-knex.cjs')
const WRITER = join(__dirname, '../v12/write-v12-knex.cjs')

/**
 * The v12 migration scenarios on one knex database: v12's tables `events`/`bookmarks`
 * written by evtstore@12's knex provider in a child process, each target in its own pair
 * of tables (`<target>_events`, `<target>_bookmarks`) on the same database.
 */
export function knexV12Harness(
  db: () => Knex,
  client: string,
  connection: () => string,
  timestampStep = 1,
): V12MigrationHarness {
  const tables = (target: string) => ({ events: `${target}_events`, bookmarks: `${target}_bookmarks` })
  return {
    write: () => runV12Writer(WRITER, [client, connection(), 'knex']),
    migrate: (target, options = {}) =>
      migrateFromV12({ ...options, from: { client: db() }, to: { client: db(), ...tables(target) } }),
    prepare: (target) => migrate({ client: db(), ...tables(target) }),
    provider: (target) => createProvider({ client: db(), ...tables(target) }),
    cli: (target) => [
      BIN,
      'migrate-from-v12',
      '--client',
      client,
      '--from-url',
      connection(),
      '--to-events',
      tables(target).events,
      '--to-bookmarks',
      tables(target).bookmarks,
    ],
    timestampStep,
  }
}
