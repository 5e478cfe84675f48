import { ValidationError } from '@evtstore/core'
import { pgTables, type PgTables } from '@evtstore/core/postgres'
import { driverOption, limitOption, refuseUnknownKeys } from '@evtstore/core/toolkit'

/**
 * A query postgres.js has not run yet: awaitable, and switchable to the simple protocol.
 * Every 3.4 release has `simple()`; the type definitions before 3.4.4 leave it out, so it
 * is optional here and `migrate()` checks for it.
 */
export interface PostgresPendingQuery extends PromiseLike<readonly any[]> {
  /** Runs the query with the simple protocol (several statements in one string). */
  simple?(): PromiseLike<readonly any[]>
}

/**
 * The part of postgres.js this provider uses: `sql.unsafe(text, values, options)`. The
 * `sql` function returned by `postgres(...)`, a reserved connection (`await sql.reserve()`)
 * and a transaction's `sql` all fit; postgres.js types are never imported at runtime.
 */
export interface PostgresSql {
  /** Prepares a query from SQL text and parameters (`prepare` for a named prepared statement). */
  unsafe(query: string, parameters?: any[], options?: { prepare?: boolean }): PostgresPendingQuery
}

/**
 * What the functions of a transactional handler get as `tx` on this provider: the `sql` of
 * the batch's `sql.begin(...)` (typed with the parts used most: tagged-template queries and
 * `unsafe`; cast to postgres.js's `TransactionSql` for more). Queries through it run in
 * the transaction that also saves the bookmark.
 *
 * @example
 * ```ts
 * projection.handle('account', 'opened', async (id, event, envelope, tx) => {
 *   await tx`INSERT INTO accounts (id, owner) VALUES (${id}, ${event.owner})`
 * })
 * ```
 */
export interface PostgresTransactionSql extends PostgresSql {
  /** A tagged-template query, its values sent as parameters. */
  (template: TemplateStringsArray, ...values: any[]): PostgresPendingQuery
}

/** Options of {@link createProvider}. */
export interface PostgresProviderOptions {
  /** The `sql` instance from `postgres(...)`, or a promise of one. */
  sql: PostgresSql | Promise<PostgresSql>
  /** Most events one read returns, whatever core asks for. Default 1000. */
  limit?: number
  /** Events table, optionally schema-qualified (`app.events`). Default `'events'`. */
  events?: string
  /** Bookmarks table, optionally schema-qualified. Default `'bookmarks'`. */
  bookmarks?: string
}

/** Options of {@link migrate}. */
export interface PostgresMigrateOptions {
  /** The `sql` instance from `postgres(...)`, or a promise of one. */
  sql: PostgresSql | Promise<PostgresSql>
  /** Events table, optionally schema-qualified. Default `'events'`. */
  events?: string
  /** Bookmarks table, optionally schema-qualified. Default `'bookmarks'`. */
  bookmarks?: string
}

/** Options after validation. */
export interface ParsedOptions {
  sql: Promise<PostgresSql>
  limit: number
  tables: PgTables
}

function hasUnsafe(value: unknown): value is PostgresSql {
  return (
    (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
    typeof (value as { unsafe?: unknown }).unsafe === 'function'
  )
}

/** Validates provider options before any I/O; throws `ValidationError`. */
export function parseOptions(
  options: PostgresProviderOptions | PostgresMigrateOptions,
  withLimit: boolean,
): ParsedOptions {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', withLimit ? ['sql', 'limit', 'events', 'bookmarks'] : ['sql', 'events', 'bookmarks'], {
    client: 'this provider takes the postgres.js instance as sql: createProvider({ sql })',
  })
  const tables = pgTables(options, 'options')
  const limit = withLimit ? limitOption((options as PostgresProviderOptions).limit, 'options.limit') : 1000
  // A postgres.js `sql` is a function with an `unsafe` method; it is not thenable, so
  // resolving it as a promise value is safe.
  const sql = driverOption(
    options.sql,
    'options.sql',
    hasUnsafe,
    'a postgres.js sql instance (from postgres(...))',
  )
  return { sql, limit, tables }
}
