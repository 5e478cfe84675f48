import { createProvider, migrate } from '@evtstore/provider-mongo'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import { MongoClient, type Db } from 'mongodb-6.20.0'
import { driverSurfaceTests } from './support/driver-surface'

// @evtstore/provider-mongo on mongodb 6.20.0, the lowest release of its peer range. Every
// test gets its own collections: FerretDB answers queries with collection scans.
let testDb: TestDatabase
let client: MongoClient
let db: Db
let store = 0
const collections = () => ({ events: db.collection(`events_${store}`), bookmarks: db.collection(`bookmarks_${store}`) })
beforeAll(async () => {
  testDb = await createTestDatabase('mongo', requireDatabaseUrl('mongo'), 'range_mongo')
  client = await MongoClient.connect(testDb.url, { serverSelectionTimeoutMS: 10_000 })
  db = client.db()
}, 120_000)
afterAll(async () => {
  await client?.close()
  await testDb?.drop()
}, 120_000)

const onFerretDb = (process.env.EVTSTORE_MONGO_VERSION ?? '').includes('FerretDB')

driverSurfaceTests({
  name: 'provider-mongo on mongodb 6.20.0',
  ...(onFerretDb ? { slowTimeout: 600_000 } : {}),
  async beforeEach() {
    store++
    await migrate(collections().events, collections().bookmarks)
  },
  createProvider: () => createProvider(collections()),
  createProviderWithTableName: (name) => createProvider({ events: db.collection(name), bookmarks: collections().bookmarks }),
  migrate: () => migrate(collections().events, collections().bookmarks),
  capabilities: { snapshots: true },
})
