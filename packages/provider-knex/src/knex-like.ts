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

/** What a Knex instance or a query builder exposes about its dialect. */
export interface KnexClientInfo {
  /** `'sqlite3'` (also for better-sqlite3), `'mysql'` (mysql and mysql2), `'postgresql'`, ... */
  dialect?: unknown
  /** `'better-sqlite3'`, `'mysql2'`, `'pg'`, ... */
  driverName?: unknown
}

/** Runs SQL on a connection or inside a transaction, returning the rows (or the write result). */
export interface SqlRunner {
  query(sql: string, bindings?: readonly unknown[]): Promise<unknown>
}

/** Wraps a {@link KnexLike} as a {@link SqlRunner}. */
export function runnerOf(knex: KnexLike): SqlRunner {
  return {
    query: async (sql, bindings = []) => knex.raw(sql, bindings),
  }
}
