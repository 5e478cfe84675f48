import { sqlSession, type PgTarget } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../../src/index.js'
import type { PostgresTestDatabase } from './database.js'

/** The shared ordering scenarios' view of postgres.js on a test database. */
export function postgresTarget(t: PostgresTestDatabase): PgTarget {
  const bookmarks = (events: string) => `${events}_bookmarks`
  return {
    label: 'provider-postgres',
    migrate: (events) => migrate({ sql: t.sql, events, bookmarks: bookmarks(events) }),
    provider: (events) => createProvider({ sql: t.sql, events, bookmarks: bookmarks(events) }),
    query: async (text, values) => [...(await t.sql.unsafe(text, (values ?? []) as never[]))],
    async session(events) {
      // A single-connection instance: BEGIN/COMMIT and the provider's statements share it.
      const sql = t.connect()
      return sqlSession({
        provider: createProvider({ sql, events, bookmarks: bookmarks(events) }),
        query: async (text, values) => [...(await sql.unsafe(text, (values ?? []) as never[]))],
        close: () => sql.end(),
      })
    },
  }
}
