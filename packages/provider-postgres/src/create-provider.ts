import type { Provider } from '@evtstore/core'
import { createPgProvider, type PgListenConnection, type PgListenEvents } from '@evtstore/core/postgres'
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
    listen: async (channel, events) => listenOn(await sql, channel, events),
  })
}

/** The part of postgres.js a LISTEN uses: `sql.listen(channel, onNotify, onListen)`. */
interface ListeningSql {
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<void> }>
}

/**
 * The LISTEN for push wake-ups through `sql.listen`: postgres.js keeps its own dedicated
 * connection for it and listens again by itself after losing it, calling `onListen` each
 * time — after the first, that tells subscribers appends may have gone unreported.
 */
async function listenOn(sql: unknown, channel: string, events: PgListenEvents): Promise<PgListenConnection> {
  const listening = sql as Partial<ListeningSql>
  if (typeof listening.listen !== 'function') {
    throw new TypeError('options.sql cannot LISTEN (no sql.listen): pass the instance from postgres(...) for push wake-ups')
  }
  let listened = 0
  const { unlisten } = await listening.listen(
    channel,
    (payload) => events.notify(payload),
    () => {
      listened++
      if (listened > 1) events.restored?.()
    },
  )
  return { close: () => unlisten() }
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
