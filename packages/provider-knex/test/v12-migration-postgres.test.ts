import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestStore, type TestStore } from './support/test-stores.js'
import { knexV12Harness } from './support/v12-knex-harness.js'

// A store written by evtstore@12's knex provider on Postgres (pg), copied into this
// provider's tables in the same database.
let store: TestStore
beforeAll(async () => {
  store = await openTestStore('postgres')
})
afterAll(() => store.close())

describeV12Migration(
  'knex, Postgres (pg)',
  knexV12Harness(() => store.db, 'pg', () => store.url!),
)
