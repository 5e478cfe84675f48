import type { Provider } from '../provider.js'
import { defineProvider } from '../toolkit/define-provider.js'
import type { SqlRun } from '../toolkit/sql-statement.js'
import { pgFailure } from './pg-errors.js'
import { pgOperations } from './pg-operations.js'
import { pgAppendWithRetry } from './pg-retry.js'
import type { PgTables } from './pg-tables.js'

/** What {@link createPgProvider} needs from a driver package. */
export interface PgProviderParts {
  /** The provider's name in errors and `provider.name`, e.g. `'pg'`. */
  name: string
  /** The validated tables (see `pgTables`). */
  tables: PgTables
  /** Largest page one read returns, whatever core asks for (an integer >= 1). */
  limit: number
  /** Sends one statement through the driver and resolves to its rows. */
  run: SqlRun
  /**
   * Builds the `ProviderError` for a driver failure that is not a version clash or a
   * duplicate id. Default `pgProviderError` (the driver's message and SQLSTATE); a driver
   * wrapper whose errors carry more than the database's message (knex writes the SQL and
   * the values into it) passes its own.
   */
  providerError?: (provider: string, operation: string, err: unknown) => Error
}

/**
 * A complete evtstore provider on Postgres from a driver adapter: only `run` knows the
 * driver. Every call is one statement from `@evtstore/core/postgres` (appends atomic and
 * version-checked, sent again on serialization failures and deadlocks, see
 * `pgAppendWithRetry`; log reads gated below the oldest open transaction), assembled with
 * the toolkit's `defineProvider`: reads are capped at `limit`, and driver errors become
 * `VersionConflictError`, `DuplicateEventError` (naming the ids that clash) or
 * `ProviderError`, with the driver error as `cause`.
 *
 * @example
 * ```ts
 * import { createPgProvider, pgTables } from '@evtstore/core/postgres'
 * const provider = createPgProvider({
 *   name: 'pg',
 *   tables: pgTables({ events: 'events' }),
 *   limit: 1000,
 *   run: async ({ text, values }) => (await pool.query({ text, values: [...values] })).rows,
 * })
 * ```
 */
export function createPgProvider(parts: PgProviderParts): Provider {
  const { name, tables, limit, run } = parts
  const ops = pgOperations(name, tables)

  return defineProvider({
    name,
    limit,
    append: (request) =>
      pgAppendWithRetry(
        request,
        () => ops.append(run, request),
        () => ops.headVersion(run, request),
      ),
    readAggregate: (request) => ops.readAggregate(run, request),
    readLog: (request) => ops.readLog(run, request),
    getBookmark: (bookmark) => ops.getBookmark(run, bookmark),
    setBookmark: (bookmark, position) => ops.setBookmark(run, bookmark, position),
    storedEventIds: (ids) => ops.storedEventIds(run, ids),
    failure: pgFailure(name, tables, parts.providerError),
  })
}
