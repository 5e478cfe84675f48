import { describePgConformance, sqlSession } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-postgres on a real server,
// with the default page size and with `limit: 1`.
describePgConformance('postgres.js', async () => {
  const t = await openTestDatabase('postgres_conformance', 20)
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
  }
})
