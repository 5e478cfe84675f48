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

describeServerRestart('provider-mongo', {
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
        require('fs').writeFileSync(`/tmp/ferret-${Date.now()}.log`, require('child_process').execSync(`docker logs ${db.containerId} 2>&1`, { maxBuffer: 1e9 }))
        await client.close()
        await db.stop()
      },
    }
  },
})
