import { PG_TX_ROWS_TABLE, describePgConformance, sqlSession } from '@evtstore/postgres-test-kit'
import { createProvider, migrate, type PostgresTransactionSql } from '../src/index.js'
import { openTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-postgres on a real server,
// with the default page size and with `limit: 1`.
describePgConformance(
  'postgres.js',
  async () => {
    const t = await openTestDatabase('postgres_conformance', 20)
    await t.sql.unsafe(PG_TX_ROWS_TABLE)
    return {
      migrate: () => migrate({ sql: t.sql }),
      provider: (options) => createProvider({ sql: t.sql, ...options }),
      async session(limit) {
        // A single-connection instance: BEGIN/COMMIT and the provider's statements share it.
        const sql = t.connect()
        return sqlSession({
          provider: createProvider({ sql, limit }),
          query: async (text, values) => [...(await sql.unsafe(text, (values ?? []) as never[]))],
          close: () => sql.end(),
        })
      },
      close: () => t.close(),
      transactionalWrites: {
        write: async (tx, key) => void (await (tx as PostgresTransactionSql)`INSERT INTO conformance_tx_rows (key) VALUES (${key})`),
        exists: async (key) => (await t.sql`SELECT 1 FROM conformance_tx_rows WHERE key = ${key}`).length === 1,
      },
    }
  },
  { transactional: true },
)
