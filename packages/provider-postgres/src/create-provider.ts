import type { Provider } from '@evtstore/core'
import { createPgProvider, type PgListenConnection, type PgListenEvents, type PgTransactionConnection } from '@evtstore/core/postgres'
import { parseOptions, type PostgresProviderOptions, type PostgresSql, type PostgresTransactionSql } from './options.js'

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
export function createProvider(options: PostgresProviderOptions): Provider<PostgresTransactionSql> {
  const { sql, limit, tables } = parseOptions(options, true)
  const runOn = (on: PostgresSql) => async ({ text, values }: { text: string; values: readonly unknown[] }) =>
    withoutHoles(await on.unsafe(text, [...values], { prepare: true }))
  return createPgProvider<PostgresTransactionSql>({
    name: 'postgres',
    tables,
    limit,
    run: async (statement) => runOn(await sql)(statement),
    listen: async (channel, events) => listenOn(await sql, channel, events),
    transaction: async (work) => inTransaction(await sql, runOn, work),
    // postgres.js pools its connections and pipelines on each: the wake-up after an append
    // never holds the next append up.
    notify: 'after-append',
  })
}

/** The parts of postgres.js a handler transaction uses: `sql.begin` and, inside, `sql.savepoint`. */
interface BeginningSql {
  begin<T>(work: (tx: SavepointSql) => Promise<T>): Promise<T>
}
interface SavepointSql extends PostgresTransactionSql {
  savepoint<T>(work: (tx: SavepointSql) => Promise<T>): Promise<T>
}

/**
 * A transactional handler's batch in `sql.begin` (postgres.js reserves a connection, sends
 * `BEGIN`, commits when the callback resolves and rolls back when it rejects, passing the
 * error on), each event in `sql.savepoint`. The result is boxed: postgres.js awaits an
 * array a callback returns as a list of queries.
 */
async function inTransaction<T>(
  sql: PostgresSql,
  runOn: (on: PostgresSql) => (statement: { text: string; values: readonly unknown[] }) => Promise<unknown[]>,
  work: (connection: PgTransactionConnection<PostgresTransactionSql>) => Promise<T>,
): Promise<T> {
  const beginning = sql as Partial<BeginningSql>
  if (typeof beginning.begin !== 'function') {
    throw new TypeError('options.sql cannot run handler transactions (no sql.begin): pass the instance from postgres(...)')
  }
  const boxed = await beginning.begin.call<PostgresSql, [(tx: SavepointSql) => Promise<{ value: T }>], Promise<{ value: T }>>(sql, async (tx) => ({
    value: await work({
      run: runOn(tx),
      tx,
      savepoint: async (inner) => (await tx.savepoint(async (inside) => ({ value: await inner(inside) }))).value,
    }),
  }))
  return boxed.value
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
  // The holes come first: a result with a row at index 0 has none (the common case, no copy).
  if (rows.length === 0 || Object.prototype.hasOwnProperty.call(rows, 0)) return rows as unknown[]
  return Array.prototype.filter.call(rows, () => true)
}
