import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestStore, type TestStore } from './support/test-stores.js'
import { knexV12Harness } from './support/v12-knex-harness.js'

// A store written by evtstore@12's knex provider on SQLite through knex's sqlite3 client
// (what most v12 SQLite users ran), copied into this provider's tables in the same file,
// read and written through sqlite3 as well.
let store: TestStore
beforeAll(async () => {
  store = await openTestStore('sqlite3-file')
})
afterAll(() => store.close())

describeV12Migration(
  'knex, SQLite (sqlite3)',
  knexV12Harness(() => store.db, 'sqlite3', () => store.filename!),
)
