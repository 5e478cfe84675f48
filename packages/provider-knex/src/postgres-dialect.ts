import {
  PG_CAPABILITIES,
  createPgProvider,
  pgClientListen,
  pgFailure,
  pgMigrateScript,
  pgStatementName,
  toQuestionMarks,
  type PgListen,
  type PgNotifyingClient,
  type PgTables,
} from '@evtstore/core/postgres'
import type { SqlRun } from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import type { KnexLike } from './knex-like.js'
import { knexProviderError } from './driver-message.js'

/** The part of knex's client this dialect borrows connections through (knex's own pool). */
interface PooledKnexClient {
  acquireConnection(): Promise<unknown>
  releaseConnection(connection: unknown): Promise<unknown>
}

/** A node-postgres connection as knex's pool hands it out. */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

/**
 * A run that borrows a connection from knex's pool and sends a named (prepared) query on
 * it — parsed and planned once per connection, as provider-pg does, instead of
 * `knex.raw`'s unnamed statement each time. Undefined for a transaction (its statements
 * must stay on its own connection: they go through `knex.raw`) or a client without the pool.
 */
function pooledPgRun(knex: KnexLike): SqlRun | undefined {
  const client = (knex as { client?: Partial<PooledKnexClient> }).client
  if ((knex as { isTransaction?: unknown }).isTransaction === true) return undefined
  if (typeof client?.acquireConnection !== 'function' || typeof client.releaseConnection !== 'function') return undefined
  const pool = client as PooledKnexClient
  return async ({ text, values }) => {
    const connection = (await pool.acquireConnection()) as PgConnection
    try {
      return (await connection.query({ name: pgStatementName(text), text, values: [...values] })).rows
    } finally {
      await pool.releaseConnection(connection)
    }
  }
}

/**
 * The LISTEN connection for push wake-ups: a connection acquired from knex's pool and
 * kept out of it while subscriptions last; given back after `UNLISTEN` (knex's pool
 * discards it when it broke). Undefined for a transaction or a client without the pool.
 * Holding it takes one connection from the pool's `max` while handlers run.
 */
function knexListen(knex: KnexLike): PgListen | undefined {
  // A knex instance, or knex's client itself (the provider found it on a query builder).
  const own = knex as Partial<PooledKnexClient> & { client?: Partial<PooledKnexClient> }
  const client = typeof own.acquireConnection === 'function' ? own : own.client
  if ((knex as { isTransaction?: unknown }).isTransaction === true) return undefined
  if (typeof client?.acquireConnection !== 'function' || typeof client.releaseConnection !== 'function') return undefined
  const pool = client as PooledKnexClient
  return (channel, events) =>
    pgClientListen(
      channel,
      events,
      async () => (await pool.acquireConnection()) as PgNotifyingClient,
      (connection) => pool.releaseConnection(connection),
    )
}

/** Builds knex's ProviderError (the driver's message, not knex's SQL dump with the values). */
const knexFailure = (_provider: string, operation: string, err: unknown) => knexProviderError(operation, err)

/**
 * Postgres (through knex + pg), built exactly like `@evtstore/provider-pg`: the tables
 * from `pgTables`, every statement from `@evtstore/core/postgres`, the provider from
 * `createPgProvider`. Only the adapter is knex's: statements run on connections of
 * knex's pool as named (prepared) node-postgres queries, like provider-pg's; the
 * migration script and statements in a knex transaction go through `knex.raw` (`$1`
 * placeholders become `?`). Each append is one
 * statement, sent on its own (atomic without a transaction around it); every row carries
 * its writer's transaction id and the log is read only below the oldest transaction
 * still in flight, so an append that commits late never lands behind a position a reader
 * already passed.
 */
export function postgresDialect(tables: PgTables): Dialect {
  return {
    name: 'postgres',
    capabilities: PG_CAPABILITIES,
    push: true,

    runOn: (knex) => {
      const pooled = pooledPgRun(knex)
      return async (statement) => {
        // Statements with values go to node-postgres itself, named so each connection
        // prepares them once; scripts (the migration) and transactions go through knex.
        if (pooled !== undefined && statement.values.length > 0) return pooled(statement)
        const { text, values } = toQuestionMarks(statement)
        // node-postgres answers a multi-statement script (the migration) with one result per statement.
        const response = (await knex.raw(text, values)) as { rows?: unknown } | Array<{ rows?: unknown }>
        const result = Array.isArray(response) ? response[response.length - 1] : response
        if (!Array.isArray(result?.rows)) throw new TypeError('expected a node-postgres result with rows')
        return result.rows as unknown[]
      }
    },

    async migrate(run) {
      // One multi-statement script without bound values (simple query protocol).
      await run({ text: pgMigrateScript(tables), values: [] })
    },

    provider: (connection, limit, knex) => {
      const listen = knex === undefined ? undefined : knexListen(knex)
      return createPgProvider({
        name: 'knex',
        tables,
        limit,
        run: connection.run,
        providerError: knexFailure,
        notify: knex !== undefined && poolMax(knex) > 1 ? 'after-append' : 'in-append',
        ...(listen === undefined ? {} : { listen }),
      })
    },

    appendError: (err, request) => pgFailure('knex', tables, knexFailure)('append', err, request),
  }
}

/**
 * The most connections knex's pool opens (knex's default is 10). With one, a wake-up sent
 * after an append would wait for the connection in front of the next append, so the
 * append notifies itself instead.
 */
function poolMax(knex: KnexLike): number {
  const max = (knex as { client?: { config?: { pool?: { max?: unknown } } } }).client?.config?.pool?.max
  return typeof max === 'number' ? max : 10
}
