// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-mongo on MongoDB.
import { createProvider, migrate } from '@evtstore/provider-mongo'
import { MongoClient } from 'mongodb'
import { runAccountFlow } from './account-flow.mjs'

const client = new MongoClient(process.env.MONGO_URL)
try {
  const events = client.db().collection('events_esm')
  const bookmarks = client.db().collection('bookmarks_esm')
  await migrate(events, bookmarks)
  const provider = createProvider({ events, bookmarks })
  await runAccountFlow(provider, { providerPackage: '@evtstore/provider-mongo', packages: ['mongodb'] })
} finally {
  await client.close()
}
