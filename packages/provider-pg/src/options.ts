import { ValidationError } from '@evtstore/core'
import { pgTables, type PgTables } from '@evtstore/core/postgres'
import { driverOption, limitOption, refuseUnknownKeys } from '@evtstore/core/toolkit'

/** A query as node-postgres takes it: with a `name`, it is prepared once per connection. */
export interface PgQueryConfig {
  /** The SQL. */
  text: string
  /** The parameters. */
  values?: unknown[]
  /** A prepared statement's name (with `prepare: true`). */
  name?: string
}

/**
 * The part of node-postgres this provider uses: `query(config)`. A `pg.Pool`, a
 * `pg.Client` and a `pg.PoolClient` all fit; pg's types are never imported at runtime.
 */
export interface PgQueryable {
  /** Runs one statement. */
  query(config: PgQueryConfig): Promise<{
    /** The rows it returned. */
    rows: any[]
  }>
}

/**
 * What the functions of a transactional handler get as `tx` on this provider: the pool's
 * `PoolClient` the batch's transaction runs on (typed with the two `query` forms; cast to
 * `pg.PoolClient` for more). Write the projection through it and never release it.
 *
 * @example
 * ```ts
 * projection.handle('account', 'opened', async (id, event, envelope, tx) => {
 *   await tx.query('INSERT INTO accounts (id, owner) VALUES ($1, $2)', [id, event.owner])
 * })
 * ```
 */
export interface PgTransactionClient {
  /** Runs one statement with `$1`-style parameters inside the transaction. */
  query(text: string, values?: unknown[]): Promise<PgTransactionResult>
  /** Runs one statement given as a query config inside the transaction. */
  query(config: PgQueryConfig): Promise<PgTransactionResult>
}

/** What a statement through {@link PgTransactionClient} resolves to (part of pg's `QueryResult`). */
export interface PgTransactionResult {
  /** The rows it returned. */
  rows: any[]
  /** How many rows it inserted, updated, deleted or returned. */
  rowCount: number | null
}

/** Options of {@link createProvider}. */
export interface PgProviderOptions {
  /** A `pg.Pool` (recommended) or `pg.Client`, or a promise of one. */
  client: PgQueryable | Promise<PgQueryable>
  /** Most events one read returns, whatever core asks for. Default 1000. */
  limit?: number
  /** Events table, optionally schema-qualified (`app.events`). Default `'events'`. */
  events?: string
  /** Bookmarks table, optionally schema-qualified. Default `'bookmarks'`. */
  bookmarks?: string
  /**
   * Use named prepared statements (parsed and planned once per connection). Default
   * `true`; set `false` behind a pooler that cannot keep them (PgBouncer < 1.21 in
   * transaction mode).
   */
  prepare?: boolean
}

/** Options of {@link migrate}. */
export interface PgMigrateOptions {
  /** A `pg.Pool` or `pg.Client`, or a promise of one. */
  client: PgQueryable | Promise<PgQueryable>
  /** Events table, optionally schema-qualified. Default `'events'`. */
  events?: string
  /** Bookmarks table, optionally schema-qualified. Default `'bookmarks'`. */
  bookmarks?: string
}

/** Options after validation. */
export interface ParsedOptions {
  client: Promise<PgQueryable>
  limit: number
  prepare: boolean
  tables: PgTables
}

function isQueryable(value: unknown): value is PgQueryable {
  return (
    typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function'
  )
}

/** Validates provider options before any I/O; throws `ValidationError`. */
export function parseOptions(
  options: PgProviderOptions | PgMigrateOptions,
  withLimit: boolean,
): ParsedOptions {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(
    options,
    'options',
    withLimit ? ['client', 'limit', 'events', 'bookmarks', 'prepare'] : ['client', 'events', 'bookmarks'],
  )
  const tables = pgTables(options, 'options')
  const limit = withLimit ? limitOption((options as PgProviderOptions).limit, 'options.limit') : 1000
  const prepare = (options as PgProviderOptions).prepare ?? true
  if (typeof prepare !== 'boolean') throw new ValidationError('options.prepare', 'must be a boolean')
  const client = driverOption(
    options.client,
    'options.client',
    isQueryable,
    'a pg Pool or Client (something with query())',
  )
  return { client, limit, prepare, tables }
}
