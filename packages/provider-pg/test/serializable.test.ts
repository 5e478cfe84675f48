import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import { describeSerializableAppends } from '@evtstore/postgres-test-kit'
import pg from 'pg'
import { createProvider, migrate } from '../src/index.js'

// A database of its own whose sessions all start serializable transactions.

describeSerializableAppends(async () => {
  const db: TestDatabase = await createTestDatabase('postgres', requireDatabaseUrl('postgres'), 'pg_serial')
  const admin = new pg.Client({ connectionString: db.url })
  await admin.connect()
  const { rows } = await admin.query('SELECT current_database() AS name')
  await admin.query(`ALTER DATABASE "${rows[0].name}" SET default_transaction_isolation = 'serializable'`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: db.url, max: 10 })
  pool.on('error', () => undefined) // idle connections ended by the server; see support/database.ts
  return {
    query: async (text, values) => (await pool.query(text, values)).rows,
    migrate: (tables) => migrate({ client: pool, ...tables }),
    provider: ({ lazy: _lazy, ...options } = {}) => createProvider({ client: pool, ...options }),
    async close() {
      await pool.end()
      await db.drop()
    },
  }
})
