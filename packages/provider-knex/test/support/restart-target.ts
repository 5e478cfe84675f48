import type { RestartHarness } from '@evtstore/fault-test-kit'
import { startRestartableDatabase } from '@evtstore/test-databases'
import knexFactory from 'knex'
import { createProvider, migrate } from '../../src/index.js'

/**
 * The fault test's target for knex on a server of its own (never the run's shared one:
 * stopping that would break the other test files): knex as the README's Setup makes it.
 */
export function knexRestartHarness(server: 'postgres' | 'mariadb'): RestartHarness {
  return {
    async open() {
      const db = await startRestartableDatabase(server)
      // MariaDB: the server's own database list has no schema for the tables; make one.
      const url = server === 'mariadb' ? `${db.url}evtstore_fault` : db.url
      if (server === 'mariadb') {
        const admin = knexFactory({ client: 'mysql2', connection: db.url })
        await admin.raw('CREATE DATABASE IF NOT EXISTS evtstore_fault').finally(() => admin.destroy())
      }
      // knex logs every lost connection it drops from its pool: counted here instead
      let logged = 0
      const count = () => void logged++
      const log = { warn: count, error: count, debug: () => undefined, deprecate: () => undefined }
      const client = knexFactory({ client: server === 'postgres' ? 'pg' : 'mysql2', connection: url, pool: { min: 0, max: 10 }, log })
      try {
        await migrate({ client })
      } catch (error) {
        await client.destroy()
        await db.stop()
        throw error
      }
      return {
        provider: createProvider({ client }),
        stopServer: () => db.stopServer(),
        startServer: () => db.startServer(),
        async close() {
          console.log(`provider-knex on ${server}: knex logged ${logged} connection errors`)
          await client.destroy()
          await db.stop()
        },
      }
    },
  }
}
