import type { SqlRun } from '@evtstore/core/toolkit'

/**
 * The few things the provider needs from Knex, typed here so the package never imports
 * knex at run time (it is a peer dependency). Both a Knex instance (`knex(config)`) and
 * the `client` of a Knex query builder (`db.table('events').client`) fit.
 */
export interface KnexLike {
  /** Runs one SQL statement with `?` placeholders; resolves to the driver's raw response. */
  raw(sql: string, bindings: readonly unknown[]): PromiseLike<unknown>
  /** Runs `work` in one transaction: commit when it resolves, rollback when it throws. */
  transaction<T>(work: (trx: KnexLike) => Promise<T>): PromiseLike<T>
}

/**
 * What the functions of a transactional handler get as `tx` on this provider: the batch's
 * `Knex.Transaction` (from `knex.transaction(...)`), typed with the parts used most — a
 * query builder per table, `raw`, nested transactions; cast to `Knex.Transaction` for the
 * full typing. Queries through it run in the transaction that also saves the bookmark.
 *
 * @example
 * ```ts
 * projection.handle('account', 'opened', async (id, event, envelope, tx) => {
 *   await tx('accounts').insert({ id, owner: event.owner })
 * })
 * ```
 */
export interface KnexTransaction extends KnexLike {
  /** A query builder on `table`, inside the transaction (knex's own builder). */
  (table: string): any
}

/** What a Knex instance or a query builder exposes about its dialect. */
export interface KnexClientInfo {
  /** `'sqlite3'` (also for better-sqlite3), `'mysql'` (mysql and mysql2), `'postgresql'`, ... */
  dialect?: unknown
  /** `'better-sqlite3'`, `'sqlite3'`, `'mysql2'`, `'pg'`, ... */
  driverName?: unknown
}

/**
 * A Knex connection as the dialects see it: single statements through the toolkit's one
 * statement shape (`SqlRun`), and a transaction of several where a dialect needs one.
 */
export interface KnexConnection {
  /** Sends one statement (autocommit, or inside the transaction this connection is). */
  run: SqlRun
  /** Runs `work` in one transaction: commit when it resolves, rollback when it throws. */
  transaction<T>(work: (run: SqlRun) => Promise<T>): Promise<T>
}

/**
 * Wraps a Knex instance (or transaction) as a {@link KnexConnection}; `runOn` is the
 * dialect's adapter from `knex.raw` to `SqlRun` (placeholders, rows out of the response).
 *
 * @example
 * ```ts
 * const connection = knexConnection(db, dialect.runOn)
 * await connection.run({ text: 'SELECT 1 AS one', values: [] })
 * ```
 */
export function knexConnection(knex: KnexLike, runOn: (knex: KnexLike) => SqlRun): KnexConnection {
  return {
    run: runOn(knex),
    transaction: async (work) => knex.transaction((trx) => work(runOn(trx))),
  }
}
