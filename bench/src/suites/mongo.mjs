// Suite: @evtstore/provider-mongo against the raw mongodb driver, evtstore@12's mongo provider and Emmett.
import * as providerMongo from '@evtstore/provider-mongo'
import { MongoClient } from 'mongodb'
import { emmettMongo } from '../contenders/emmett-mongo.mjs'
import { oursContender } from '../contenders/ours.mjs'
import { rawMongo } from '../contenders/raw-mongo.mjs'
import { v12Contender, v12Provider } from '../contenders/v12.mjs'
import { POOL_SIZE } from './clients.mjs'

async function collections(url, events, bookmarks) {
  const client = new MongoClient(url, { maxPoolSize: POOL_SIZE })
  await client.connect()
  const db = client.db()
  return { client, events: db.collection(events), bookmarks: db.collection(bookmarks) }
}

// evtstore@12 inserts its events with an empty Timestamp as the position and relies on
// MongoDB filling it in; FerretDB stores the empty value, so the second append clashes.
const V12_ON_FERRETDB =
  'evtstore@12 mongo positions are empty BSON Timestamps that only MongoDB itself fills in on insert; FerretDB 1.24 keeps them empty, so every second append clashes on its unique (stream, position) index'

export default {
  title: 'provider-mongo (MongoDB wire protocol)',
  server: 'mongo',
  contenders: {
    ours: (store) =>
      oursContender('ours, provider-mongo', async () => {
        const { client, events, bookmarks } = await collections(store.url, 'events', 'bookmarks')
        await providerMongo.migrate(events, bookmarks)
        return { provider: providerMongo.createProvider({ events, bookmarks }), close: () => client.close() }
      }),
    raw: rawMongo,
    v12: (store) =>
      /FerretDB/.test(store.version)
        ? V12_ON_FERRETDB
        : v12Contender('evtstore@12, mongo', async () => {
            const { client, events, bookmarks } = await collections(store.url, 'v12_events', 'v12_bookmarks')
            const { createProvider, migrate } = v12Provider('mongo')
            await migrate(events, bookmarks)
            return {
              provider: createProvider({ events, bookmarks, limit: 1000 }),
              close: () => client.close(),
            }
          }),
    emmett: emmettMongo,
  },
}
