// Driver clients the suites open, with the same pool size for every contender.
import knex from 'knex'
import pg from 'pg'

export const POOL_SIZE = 16

/** A node-postgres pool that ignores idle connections ended by the server at the end. */
export function pgPool(url) {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
  pool.on('error', () => undefined)
  return pool
}

/**
 * A knex instance for a store: SQLite file, Postgres or MariaDB URL. `quiet` drops knex's
 * warnings (evtstore@12 asks MariaDB for `.returning()` on every append, and knex says so each time).
 */
export function knexFor(store, { quiet = false } = {}) {
  const log = quiet ? { log: { warn: () => undefined } } : {}
  if (store.kind === 'sqlite') {
    return knex({
      client: 'better-sqlite3',
      connection: { filename: store.file },
      useNullAsDefault: true,
      ...log,
    })
  }
  const client = store.kind === 'postgres' ? 'pg' : 'mysql2'
  return knex({ client, connection: store.url, pool: { min: 0, max: POOL_SIZE }, ...log })
}
