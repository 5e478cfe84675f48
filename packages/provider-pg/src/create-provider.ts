import type { Provider } from '@evtstore/core'
import { createPgProvider, pgStatementName } from '@evtstore/core/postgres'
import type { SqlStatement } from '@evtstore/core/toolkit'
import { parseOptions, type PgProviderOptions, type PgQueryConfig } from './options.js'

/**
 * An evtstore provider on PostgreSQL (13 or later) through node-postgres. Each append is
 * one statement (one round trip, atomic, version-checked); `readLog` only returns events
 * whose transactions are older than every transaction still running, so handlers never
 * skip an event that commits late. Run {@link migrate} once before use.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { createDomain } from '@evtstore/core'
 * import { createProvider, migrate } from '@evtstore/provider-pg'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * await migrate({ client: pool })
 * const provider = createProvider({ client: pool, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
 * const { domain, createHandler } = createDomain({ provider }, { account })
 * ```
 */
export function createProvider(options: PgProviderOptions): Provider {
  const { client, limit, prepare, tables } = parseOptions(options, true)

  function config(statement: SqlStatement): PgQueryConfig {
    const values = [...statement.values]
    return prepare
      ? { name: pgStatementName(statement.text), text: statement.text, values }
      : { text: statement.text, values }
  }

  return createPgProvider({
    name: 'pg',
    tables,
    limit,
    run: async (statement) => (await (await client).query(config(statement))).rows,
  })
}
