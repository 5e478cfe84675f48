import { runProviderConformance } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'
import { holdAppend } from './support/hold-append.js'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'

// The published conformance suite against @evtstore/provider-mongo on the run's server
// (FerretDB or MongoDB), with the default page size and with `limit: 1`.

// FerretDB 1.24 answers every query here with a full scan of the collection, so the
// stress and tail tests slow down as the suite fills the database (with `limit: 1` the
// handler reads one event per scan). They get more time there; MongoDB keeps the default.
const onFerretDb = (process.env.EVTSTORE_MONGO_VERSION ?? '').includes('FerretDB')

for (const limit of [undefined, 1]) {
  let t: MongoTestDatabase
  const collections = () => ({ events: t.db.collection('events'), bookmarks: t.db.collection('bookmarks') })
  runProviderConformance({
    name: limit === undefined ? 'mongo' : `mongo (limit ${limit})`,
    ...(onFerretDb ? { slowTimeout: 600_000 } : {}),
    async setup() {
      t = await openTestDatabase(limit === undefined ? 'conformance' : 'conformance_l1')
      const { events, bookmarks } = collections()
      await migrate(events, bookmarks)
    },
    teardown: () => t?.close(),
    createProvider: () => createProvider({ ...collections(), limit }),
    migrate: () => migrate(collections().events, collections().bookmarks),
    createProviderWithTableName: (name) =>
      createProvider({ events: t.db.collection(name), bookmarks: collections().bookmarks, limit }),
    holdAppend: async (_provider, request) => {
      const held = await holdAppend({ ...collections(), limit }, request)
      return { commit: async () => void (await held.commit()) }
    },
  })
}
