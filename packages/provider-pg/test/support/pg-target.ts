import { sqlSession, type PgTarget } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../../src/index.js'
import type { PgTestDatabase } from './database.js'

/** The shared ordering scenarios' view of node-postgres on a test database. */
export function pgTarget(t: PgTestDatabase): PgTarget {
  const bookmarks = (events: string) => `${events}_bookmarks`
  return {
    label: 'provider-pg',
    migrate: (events) => migrate({ client: t.pool, events, bookmarks: bookmarks(events) }),
    provider: (events) => createProvider({ client: t.pool, events, bookmarks: bookmarks(events) }),
    query: async (text, values) => (await t.pool.query(text, values)).rows,
    async session(events) {
      // One pg.Client is one connection: BEGIN/COMMIT and the provider's statements share it.
      const client = await t.connect()
      return sqlSession({
        provider: createProvider({ client, events, bookmarks: bookmarks(events) }),
        query: async (text, values) => (await client.query(text, values)).rows,
        close: () => client.end(),
      })
    },
  }
}
