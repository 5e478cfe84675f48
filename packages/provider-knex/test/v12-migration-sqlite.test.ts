import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestStore, type TestStore } from './support/test-stores.js'
import { knexV12Harness } from './support/v12-knex-harness.js'

// A store written by evtstore@12's knex provider on SQLite (better-sqlite3, a file),
// copied into this provider's tables in the same file.
let store: TestStore
beforeAll(async () => {
  store = await openTestStore('sqlite-file')
})
afterAll(() => store.close())

describeV12Migration(
  'knex, SQLite (better-sqlite3)',
  knexV12Harness(() => store.db, 'better-sqlite3', () => (store.db.client.config.connection as { filename: string }).filename),
)
