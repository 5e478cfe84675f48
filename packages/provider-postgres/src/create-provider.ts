import type { Provider } from '@evtstore/core'
import { createPgProvider } from '@evtstore/core/postgres'
import { parseOptions, type PostgresProviderOptions } from './options.js'

/**
 * An evtstore provider on PostgreSQL (13 or later) through postgres.js. Each append is
 * one prepared statement (one round trip, atomic, version-checked); `readLog` only returns events
 * whose transactions are older than every transaction still running, so handlers never
 * skip an event that commits late. Run {@link migrate} once before use.
 *
 * @example
 * ```ts
 * import postgres from 'postgres'
 * import { createDomain } from '@evtstore/core'
 * import { createProvider, migrate } from '@evtstore/provider-postgres'
 *
 * const sql = postgres(process.env.DATABASE_URL!)
 * await migrate({ sql })
 * const provider = createProvider({ sql, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
 * const { domain, createHandler } = createDomain({ provider }, { account })
 * ```
 */
export function createProvider(options: PostgresProviderOptions): Provider {
  const { sql, limit, tables } = parseOptions(options, true)
  return createPgProvider({
    name: 'postgres',
    tables,
    limit,
    run: async ({ text, values }) =>
      withoutHoles(await (await sql).unsafe(text, [...values], { prepare: true })),
  })
}

/**
 * The rows of a postgres.js result, without the holes postgres.js 3.4 can put before
 * them: its connection counts rows in one variable that only a completed statement
 * resets, so after a statement that ended without completing (its backend terminated,
 * or an error after its first rows) the next statement on that connection gets its
 * rows at that offset (README, "Lost connections"). The rows themselves are right and
 * in order; `filter` skips the holes.
 */
function withoutHoles(rows: readonly unknown[]): unknown[] {
  return Array.prototype.filter.call(rows, () => true)
}
