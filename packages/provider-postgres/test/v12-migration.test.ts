import { join } from 'node:path'
import { describeV12Migration, runV12Writer } from '@evtstore/v12-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { migrateFromV12 } from '../src/v12/index.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'

// A store written by evtstore@12's postgres (postgres.js) provider (tables events/bookmarks), copied into
// this provider's tables in the same database: one pair of tables per scenario.
let database: PostgresTestDatabase
beforeAll(async () => {
  database = await openTestDatabase('v12', 4)
})
afterAll(() => database.close())

const tables = (target: string) => ({ events: `${target}_events`, bookmarks: `${target}_bookmarks` })

describeV12Migration('postgres.js', {
  write: () => runV12Writer(join(__dirname, 'v12/write-v12-postgres.cjs'), [database.db.url, 'postgres']),
  migrate: (target, options = {}) =>
    migrateFromV12({ ...options, from: { sql: database.sql }, to: { sql: database.sql, ...tables(target) } }),
  prepare: (target) => migrate({ sql: database.sql, ...tables(target) }),
  provider: (target) => createProvider({ sql: database.sql, ...tables(target) }),
  cli: (target) => [
    join(__dirname, '../bin/evtstore-postgres.cjs'),
    'migrate-from-v12',
    '--from-url',
    database.db.url,
    '--to-events',
    tables(target).events,
    '--to-bookmarks',
    tables(target).bookmarks,
  ],
})
