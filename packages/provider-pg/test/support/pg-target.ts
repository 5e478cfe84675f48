import type { PgTarget } from '@evtstore/provider-test-kit'
import pg from 'pg'
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
      const client = new pg.Client({ connectionString: t.db.url })
      await client.connect()
      const query = async (text: string, values?: unknown[]) => (await client.query(text, values)).rows
      return {
        provider: createProvider({ client, events, bookmarks: bookmarks(events) }),
        query,
        begin: async () => void (await query('BEGIN')),
        commit: async () => void (await query('COMMIT')),
        rollback: async () => void (await query('ROLLBACK')),
        close: () => client.end(),
      }
    },
  }
}
