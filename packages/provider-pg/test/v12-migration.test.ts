import { join } from 'node:path'
import { describeV12Migration, runV12Writer } from '@evtstore/v12-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { migrateFromV12 } from '../src/v12/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'

// A store written by evtstore@12's pg provider (tables events/bookmarks), copied into
// this provider's tables in the same database: one pair of tables per scenario.
let database: PgTestDatabase
beforeAll(async () => {
  database = await openTestDatabase('v12', 4)
})
afterAll(() => database.close())

const tables = (target: string) => ({ events: `${target}_events`, bookmarks: `${target}_bookmarks` })

describeV12Migration('pg', {
  write: () => runV12Writer(join(__dirname, 'v12/write-v12-pg.cjs'), [database.db.url, 'pg']),
  migrate: (target, options = {}) =>
    migrateFromV12({ ...options, from: { client: database.pool }, to: { client: database.pool, ...tables(target) } }),
  prepare: (target) => migrate({ client: database.pool, ...tables(target) }),
  provider: (target) => createProvider({ client: database.pool, ...tables(target) }),
  cli: (target) => [
    join(__dirname, '../bin/evtstore-pg.cjs'),
    'migrate-from-v12',
    '--from-url',
    database.db.url,
    '--to-events',
    tables(target).events,
    '--to-bookmarks',
    tables(target).bookmarks,
  ],
})
