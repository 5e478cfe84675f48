import pg from 'pg'
import { createProvider, migrate } from '../../src/index.js'
import type { PgTestDatabase } from './database.js'
import type { ProofTarget } from './proof-target.js'

/** The ordering proofs' view of node-postgres on a test database. */
export function pgTarget(t: PgTestDatabase): ProofTarget {
  const bookmarks = (events: string) => `${events}_bookmarks`
  return {
    migrate: (events) => migrate({ client: t.pool, events, bookmarks: bookmarks(events) }),
    provider: (events) => createProvider({ client: t.pool, events, bookmarks: bookmarks(events) }),
    query: async (sql, values) => (await t.pool.query(sql, values)).rows,
    async session(events) {
      const client = new pg.Client({ connectionString: t.db.url })
      await client.connect()
      return {
        provider: createProvider({ client, events, bookmarks: bookmarks(events) }),
        query: async (sql, values) => (await client.query(sql, values)).rows,
        close: () => client.end(),
      }
    },
  }
}
