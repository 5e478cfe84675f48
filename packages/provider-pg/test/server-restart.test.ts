import { describeServerRestart } from '@evtstore/fault-test-kit'
import { startRestartableDatabase } from '@evtstore/test-databases'
import pg from 'pg'
import { createProvider, migrate } from '../src/index.js'

// The fault test: a Postgres container of this file's own (never the run's shared server:
// stopping that would break the other test files) is stopped for real (fast shutdown:
// every session ends with 57P01) and started again while writers append and a handler
// runs. The pool is set up as the README's Setup shows, error listener included.

describeServerRestart('provider-pg', {
  async open() {
    const db = await startRestartableDatabase('postgres')
    const pool = new pg.Pool({ connectionString: db.url, max: 10, connectionTimeoutMillis: 5_000 })
    const poolErrors: unknown[] = []
    pool.on('error', (error) => void poolErrors.push(error))
    try {
      await migrate({ client: pool })
    } catch (error) {
      await pool.end()
      await db.stop()
      throw error
    }
    return {
      provider: createProvider({ client: pool }),
      stopServer: () => db.stopServer(),
      startServer: () => db.startServer(),
      async close() {
        console.log(`provider-pg: the pool reported ${poolErrors.length} errors on idle clients (${[...new Set(poolErrors.map((e) => (e as { code?: string }).code))].join(', ')})`)
        await pool.end()
        await db.stop()
      },
    }
  },
})
