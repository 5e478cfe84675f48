import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'
import { mongoV12Harness, ON_FERRETDB } from './support/v12-mongo-harness.js'

// FerretDB only: evtstore@12's mongo provider untouched, without v12's migrate() (whose
// unique index refuses every stream's second event there). Every event is stored with
// the empty Timestamp v12 inserts, so v12's order is only the insertion order of the
// driver's ObjectIds, and v12's handlers saw nothing (no bookmarks). On MongoDB the
// server fills the positions in and v12-migration.test.ts covers the store.
let database: MongoTestDatabase
beforeAll(async () => {
  if (ON_FERRETDB) database = await openTestDatabase('v12_empty')
})
afterAll(() => database?.close())

const describeOnFerretDb = ON_FERRETDB ? describe : describe.skip
describeOnFerretDb('a v12 store whose positions are all the empty Timestamp', () => {
  describeV12Migration("FerretDB, v12's writer without its migrate()", mongoV12Harness(() => database, 'no-migrate'))
})
