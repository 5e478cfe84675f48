// Emmett 0.42 on MongoDB (@event-driven-io/emmett-mongodb): its event store and command
// handler. It has no consumer or global log read, so nothing to catch up with or follow.
import { getMongoDBEventStore } from '@event-driven-io/emmett-mongodb'
import { MongoClient } from 'mongodb'
import { emmettBase } from './emmett.mjs'

const NO_LOG = 'emmett-mongodb 0.42 has no consumer and no read of all streams'

/** Emmett's MongoDB event store as a contender. */
export function emmettMongo(store) {
  let client
  let eventStore
  return {
    label: 'Emmett 0.42 (emmett-mongodb)',
    missing: { catchUp: NO_LOG, follow: NO_LOG },
    ...emmettBase(() => eventStore),
    async open() {
      client = new MongoClient(store.url, { maxPoolSize: 16 })
      await client.connect()
      eventStore = getMongoDBEventStore({ client })
    },
    async close() {
      await eventStore?.close?.()
      await client?.close()
    },
  }
}
