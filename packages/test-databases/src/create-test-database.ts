import { randomBytes } from 'node:crypto'
import { mongoDrop, mongoUrlWithDatabase } from './drivers/mongo.js'
import { neo4jDrop } from './drivers/neo4j.js'
import { mariadbCreate, mariadbDrop, postgresCreate, postgresDrop } from './drivers/sql.js'
import { TestDatabaseError } from './errors.js'
import { isDatabaseKind, type DatabaseKind } from './kinds.js'

/** One test file's own database (or, on Neo4j, its own name to use as label prefix). */
export interface TestDatabase {
  /** Connection URL for this database (Neo4j: the server's URL, unchanged). */
  url: string
  /** The database's name; on Neo4j a fresh name to prefix labels with. */
  name: string
  /** Drops the database (Neo4j: deletes nodes, constraints and indexes on labels starting with the name). */
  drop(): Promise<void>
}

const PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,30}$/

/**
 * Creates a fresh, randomly named database on the server at `url` (an admin URL, e.g.
 * `RunningDatabase.url` or `process.env.EVTSTORE_POSTGRES_URL`). Postgres and MariaDB:
 * `CREATE DATABASE`; Mongo: a new database name in the URL (created on first write);
 * Neo4j Community has one database: the same URL and a fresh name to use as a label prefix.
 * @example
 * const db = await createTestDatabase('postgres', process.env.EVTSTORE_POSTGRES_URL!, 'pg_provider')
 * const pool = new pg.Pool({ connectionString: db.url })
 * // ... tests ...
 * await pool.end(); await db.drop()
 */
export async function createTestDatabase(kind: DatabaseKind, url: string, prefix = 'evt'): Promise<TestDatabase> {
  if (!isDatabaseKind(kind)) {
    throw new TestDatabaseError('TEST_DATABASE_UNKNOWN_KIND', String(kind), 'not one of the known kinds')
  }
  if (!PREFIX.test(prefix)) {
    throw new TestDatabaseError('TEST_DATABASE_CREATE_FAILED', kind, `prefix '${prefix}' must match ${PREFIX}`)
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  try {
    switch (kind) {
      case 'postgres':
        await postgresCreate(url, name)
        return { url: withPath(url, name), name, drop: () => postgresDrop(url, name) }
      case 'mariadb':
        await mariadbCreate(url, name)
        return { url: withPath(url, name), name, drop: () => mariadbDrop(url, name) }
      case 'mongo':
        return { url: mongoUrlWithDatabase(url, name), name, drop: () => mongoDrop(url, name) }
      case 'neo4j5':
      case 'neo4j44':
      case 'neo4j35':
        return { url, name, drop: () => neo4jDrop(url, kind === 'neo4j35', name) }
    }
  } catch (error) {
    throw new TestDatabaseError('TEST_DATABASE_CREATE_FAILED', kind, `could not create database ${name}`, { cause: error })
  }
}

function withPath(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}
