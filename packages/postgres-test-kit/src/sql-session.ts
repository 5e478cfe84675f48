import type { Provider } from '@evtstore/core'
import type { PgQuery, PgSession } from './pg-target.js'

/**
 * A {@link PgSession} for a driver whose connection takes `BEGIN`/`COMMIT`/`ROLLBACK` as
 * plain SQL (node-postgres `Client`, a single-connection postgres.js `sql`): `provider`
 * and `query` must both run on that one connection.
 *
 * @example
 * ```ts
 * const client = new pg.Client({ connectionString }); await client.connect()
 * const session = sqlSession({
 *   provider: createProvider({ client }),
 *   query: async (text, values) => (await client.query(text, values)).rows,
 *   close: () => client.end(),
 * })
 * ```
 */
export function sqlSession(parts: { provider: Provider; query: PgQuery; close(): Promise<void> }): PgSession {
  const { provider, query, close } = parts
  return {
    provider,
    query,
    begin: async () => void (await query('BEGIN')),
    commit: async () => void (await query('COMMIT')),
    rollback: async () => void (await query('ROLLBACK')),
    close,
  }
}
