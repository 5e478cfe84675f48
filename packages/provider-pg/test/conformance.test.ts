import { describePgConformance, sqlSession } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-pg on a real server, with
// the default page size and with `limit: 1`.
describePgConformance('pg', async () => {
  const t = await openTestDatabase('pg_conformance', 20)
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
  }
})
