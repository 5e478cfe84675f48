import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestStore, type TestStore } from './support/test-stores.js'
import { knexV12Harness } from './support/v12-knex-harness.js'

// A store written by evtstore@12's knex provider on MariaDB (mysql2), copied into this
// provider's tables in the same database.
let store: TestStore
beforeAll(async () => {
  store = await openTestStore('mariadb')
})
afterAll(() => store.close())

describeV12Migration(
  'knex, MariaDB (mysql2)',
  knexV12Harness(() => store.db, 'mysql2', () => store.url!),
)
