import { describeServerRestart } from '@evtstore/fault-test-kit'
import { startRestartableDatabase } from '@evtstore/test-databases'
import postgres from 'postgres'
import { createProvider, migrate } from '../src/index.js'

// The fault test: a Postgres container of this file's own (never the run's shared server:
// stopping that would break the other test files) is stopped for real (fast shutdown:
// every session ends with 57P01) and started again while writers append and a handler
// runs. The instance is configured as the README's "Lost connections" section advises.

describeServerRestart('provider-postgres', {
  async open() {
    const db = await startRestartableDatabase('postgres')
    const sql = postgres(db.url, {
      max: 10,
      onnotice: () => undefined,
      fetch_types: false,
      connect_timeout: 10,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    })
    try {
      await migrate({ sql })
    } catch (error) {
      await sql.end({ timeout: 5 })
      await db.stop()
      throw error
    }
    return {
      provider: createProvider({ sql }),
      stopServer: () => db.stopServer(),
      startServer: () => db.startServer(),
      async close() {
        await sql.end({ timeout: 5 })
        await db.stop()
      },
    }
  },
})
