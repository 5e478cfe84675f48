import { PG_TX_ROWS_TABLE, describePgConformance, sqlSession } from '@evtstore/postgres-test-kit'
import { createProvider, migrate, type PgTransactionClient } from '../src/index.js'
import { openTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-pg on a real server, with
// the default page size and with `limit: 1`.
describePgConformance(
  'pg',
  async () => {
    const t = await openTestDatabase('pg_conformance', 20)
    await t.pool.query(PG_TX_ROWS_TABLE)
    return {
      migrate: () => migrate({ client: t.pool }),
      provider: (options) => createProvider({ client: t.pool, ...options }),
      async session(limit) {
        const client = await t.connect()
        return sqlSession({
          provider: createProvider({ client, limit }),
          query: async (text, values) => (await client.query(text, values)).rows,
          close: () => client.end(),
        })
      },
      close: () => t.close(),
      transactionalWrites: {
        write: async (tx, key) => void (await (tx as PgTransactionClient).query('INSERT INTO conformance_tx_rows (key) VALUES ($1)', [key])),
        exists: async (key) => (await t.pool.query('SELECT 1 FROM conformance_tx_rows WHERE key = $1', [key])).rowCount === 1,
      },
    }
  },
  { transactional: true },
)
