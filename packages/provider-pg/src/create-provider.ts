import type { Provider } from '@evtstore/core'
import { createPgProvider, pgClientListen, pgStatementName, type PgListen, type PgNotifyingClient } from '@evtstore/core/postgres'
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
    listen: (channel, events) => listenOn(client, channel, events),
  })
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
