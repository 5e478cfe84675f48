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

/** A knex instance for a store: SQLite file, Postgres or MariaDB URL. */
export function knexFor(store) {
  if (store.kind === 'sqlite') {
    return knex({ client: 'better-sqlite3', connection: { filename: store.file }, useNullAsDefault: true })
  }
  const client = store.kind === 'postgres' ? 'pg' : 'mysql2'
  return knex({ client, connection: store.url, pool: { min: 0, max: POOL_SIZE } })
}
