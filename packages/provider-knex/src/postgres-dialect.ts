import {
  PG_CAPABILITIES,
  createPgProvider,
  pgFailure,
  pgMigrateScript,
  toQuestionMarks,
  type PgTables,
} from '@evtstore/core/postgres'
import type { Dialect } from './dialect.js'
import { knexProviderError } from './driver-message.js'

/** Builds knex's ProviderError (the driver's message, not knex's SQL dump with the values). */
const knexFailure = (_provider: string, operation: string, err: unknown) => knexProviderError(operation, err)

/**
 * Postgres (through knex + pg), built exactly like `@evtstore/provider-pg`: the tables
 * from `pgTables`, every statement from `@evtstore/core/postgres`, the provider from
 * `createPgProvider`. Only the adapter is knex's: `$1` placeholders become `?` for
 * `knex.raw`, and the rows come out of node-postgres' result. Each append is one
 * statement, sent on its own (atomic without a transaction around it); every row carries
 * its writer's transaction id and the log is read only below the oldest transaction
 * still in flight, so an append that commits late never lands behind a position a reader
 * already passed.
 */
export function postgresDialect(tables: PgTables): Dialect {
  return {
    name: 'postgres',
    capabilities: PG_CAPABILITIES,

    runOn: (knex) => async (statement) => {
      const { text, values } = toQuestionMarks(statement)
      // node-postgres answers a multi-statement script (the migration) with one result per statement.
      const response = (await knex.raw(text, values)) as { rows?: unknown } | Array<{ rows?: unknown }>
      const result = Array.isArray(response) ? response[response.length - 1] : response
      if (!Array.isArray(result?.rows)) throw new TypeError('expected a node-postgres result with rows')
      return result.rows as unknown[]
    },

    async migrate(run) {
      // One multi-statement script without bound values (simple query protocol).
      await run({ text: pgMigrateScript(tables), values: [] })
    },

    provider: (connection, limit) =>
      createPgProvider({ name: 'knex', tables, limit, run: connection.run, providerError: knexFailure }),

    appendError: (err, request) => pgFailure('knex', tables, knexFailure)('append', err, request),
  }
}
