import type { Provider } from '@evtstore/core'
import {
  createPgProvider,
  pgClientListen,
  pgSavepoint,
  pgStatementName,
  type PgListen,
  type PgNotifyingClient,
  type PgTransactionConnection,
} from '@evtstore/core/postgres'
import type { SqlStatement } from '@evtstore/core/toolkit'
import { parseOptions, type PgProviderOptions, type PgQueryConfig, type PgQueryable, type PgTransactionClient } from './options.js'

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
export function createProvider(options: PgProviderOptions): Provider<PgTransactionClient> {
  const { client, limit, prepare, tables } = parseOptions(options, true)

  function config(statement: SqlStatement): PgQueryConfig {
    const values = [...statement.values]
    return prepare
      ? { name: pgStatementName(statement.text), text: statement.text, values }
      : { text: statement.text, values }
  }

  const runOn = (queryable: PgQueryable) => async (statement: SqlStatement) => (await queryable.query(config(statement))).rows

  return createPgProvider<PgTransactionClient>({
    name: 'pg',
    tables,
    limit,
    run: async (statement) => runOn(await client)(statement),
    listen: (channel, events) => listenOn(client, channel, events),
    transaction: async (work) => inTransaction(await client, runOn, work),
    // On a pool the wake-up goes on another connection after the append; a single client
    // would queue it in front of the next append, so there the append notifies itself.
    notify: async () => (isPool(await client) ? 'after-append' : 'in-append'),
  })
}

/**
 * A transactional handler's batch: a client of the pool's own, `BEGIN`, `work`, `COMMIT`
 * (or `ROLLBACK` when `work` rejects), the client released after — destroyed when the
 * transaction could not be ended, so a connection in an unknown state is never reused.
 * A single client is refused: the provider's other calls would run inside the transaction.
 */
async function inTransaction<T>(
  resolved: unknown,
  runOn: (queryable: PgQueryable) => (statement: SqlStatement) => Promise<any[]>,
  work: (connection: PgTransactionConnection<PgTransactionClient>) => Promise<T>,
): Promise<T> {
  if (!isPool(resolved)) {
    throw new TypeError('options.client cannot run handler transactions: pass a pg.Pool (a single client would run every other call inside the transaction)')
  }
  const pooled = (await resolved.connect()) as PgPooledClient & PgTransactionClient
  const run = runOn(pooled)
  // Whether the connection may be left inside a transaction: then it is destroyed.
  let broken = true
  try {
    await run({ text: 'BEGIN', values: [] })
    let result: T
    try {
      result = await work({ run, tx: pooled, savepoint: (inner) => pgSavepoint(run, () => inner(pooled)) })
    } catch (err) {
      await run({ text: 'ROLLBACK', values: [] }).then(
        () => (broken = false),
        () => undefined,
      )
      throw err
    }
    await run({ text: 'COMMIT', values: [] })
    broken = false
    return result
  } finally {
    pooled.release(broken)
  }
}

/** A pool's checked-out client: the LISTEN connection, destroyed (not pooled) when done. */
interface PgPooledClient extends PgNotifyingClient {
  release(destroy?: boolean): void
}

/** A `pg.Pool`: it hands out clients and counts them. */
function isPool(value: unknown): value is { connect(): Promise<PgPooledClient> } {
  const pool = value as { connect?: unknown; totalCount?: unknown }
  return typeof pool.connect === 'function' && typeof pool.totalCount === 'number'
}

/** A client that can LISTEN itself (a `pg.Client`, a `pg.PoolClient` the caller passed). */
function isNotifying(value: unknown): value is PgNotifyingClient {
  const client = value as { on?: unknown; removeListener?: unknown }
  return typeof client.on === 'function' && typeof client.removeListener === 'function'
}

/**
 * The LISTEN connection for push wake-ups: from a pool, a client of its own, kept out of
 * the pool until the last subscription ends (then destroyed); a single client given as
 * `client` listens itself (and is never released or ended here).
 */
const listenOn = async (client: Promise<unknown>, channel: string, events: Parameters<PgListen>[1]) => {
  const resolved = await client
  if (isPool(resolved)) {
    return pgClientListen(channel, events, () => resolved.connect(), (pooled) => pooled.release(true))
  }
  if (!isNotifying(resolved)) throw new TypeError('options.client cannot LISTEN: pass a pg.Pool or a pg.Client for push wake-ups')
  return pgClientListen(channel, events, async () => resolved, () => undefined, { owned: false })
}
