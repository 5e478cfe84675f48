import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'
import { mongoV12Harness, ON_FERRETDB } from './support/v12-mongo-harness.js'

// A store written by evtstore@12's mongo provider (its migrate(), domain, commands and
// handlers), copied into this provider's collections in the same database.
//
// On MongoDB v12 runs untouched. FerretDB 1.24 does not fill in the empty BSON Timestamp
// v12 inserts as its position (MongoDB's server does): every v12 append after a stream's
// first is refused by v12's own unique {stream, position} index. There the events
// collection v12 is given fills in each empty Timestamp before the insert, as MongoDB
// would; every other document, position and bookmark is v12's own.
let database: MongoTestDatabase
beforeAll(async () => {
  database = await openTestDatabase('v12')
})
afterAll(() => database?.close())

describeV12Migration(
  ON_FERRETDB ? "FerretDB, v12's writer with MongoDB's empty-Timestamp fill-in done by the test" : 'MongoDB',
  mongoV12Harness(() => database, ON_FERRETDB ? 'fill-in' : 'as-is'),
)
