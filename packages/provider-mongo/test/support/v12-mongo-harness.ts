import { join } from 'node:path'
import { runV12Writer, type V12MigrationHarness } from '@evtstore/v12-test-kit'
import { createProvider, migrate } from '../../src/index.js'
import { migrateFromV12 } from '../../src/v12/index.js'
import type { MongoTestDatabase } from './mongo-database.js'

const BIN = join(__dirname, '../../bin/evtstore-mongo.cjs')
const WRITER = join(__dirname, '../v12/write-v12-mongo.cjs')

/** How the v12 store is written: see the modes in `test/v12/write-v12-mongo.cjs`. */
export type V12MongoWriterMode = 'as-is' | 'fill-in' | 'no-migrate'

/** Whether the run's Mongo server is FerretDB (the test databases' global setup says so). */
export const ON_FERRETDB = (process.env['EVTSTORE_MONGO_VERSION'] ?? '').includes('FerretDB')

/**
 * The v12 migration scenarios on the test file's own database: v12's collections
 * `events`/`bookmarks` written by evtstore@12's mongo provider in a child process, each
 * target in its own pair of collections (`<target>_events`, `<target>_bookmarks`).
 */
export function mongoV12Harness(database: () => MongoTestDatabase, mode: V12MongoWriterMode): V12MigrationHarness {
  const collections = (target: string) => ({
    events: database().db.collection(`${target}_events`),
    bookmarks: database().db.collection(`${target}_bookmarks`),
  })
  const v12 = () => ({ events: database().db.collection('events'), bookmarks: database().db.collection('bookmarks') })
  return {
    write: () => runV12Writer(WRITER, [database().testDb.url, mode, 'mongo']),
    migrate: (target, options = {}) => migrateFromV12({ ...options, from: v12(), to: collections(target) }),
    prepare: async (target) => {
      const { events, bookmarks } = collections(target)
      await migrate(events, bookmarks)
    },
    provider: (target) => createProvider(collections(target)),
    cli: (target) => [
      BIN,
      'migrate-from-v12',
      '--from-url',
      database().testDb.url,
      '--to-events',
      `${target}_events`,
      '--to-bookmarks',
      `${target}_bookmarks`,
    ],
    // The progress is kept per second of v12's Timestamps.
    coarseProgress: true,
    // Without v12's migrate() on FerretDB every position is the empty Timestamp: v12's
    // handlers see no event and save no bookmark, and the progress key stays 0.
    ...(mode === 'no-migrate' ? { v12Bookmarks: false, progressKeys: false } : {}),
  }
}
