import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import pg from 'pg'

/** A fresh database for one test file, with a pool on it. */
export interface PgTestDatabase {
  db: TestDatabase
  pool: pg.Pool
  /** A new single connection on the same database (the caller ends it). */
  connect(): Promise<pg.Client>
  close(): Promise<void>
}

/** Creates this test file's own database on the run's Postgres server. */
export async function openTestDatabase(prefix: string, max = 10): Promise<PgTestDatabase> {
  const db = await createTestDatabase('postgres', requireDatabaseUrl('postgres'), prefix)
  const pool = new pg.Pool({ connectionString: db.url, max })
  // The server may end idle connections (e.g. the forced drop of this database at the end
  // of the file); pg reports that as an 'error' event, which without a listener would crash
  // the test file. Failures during a test still surface through the query that hit them.
  pool.on('error', () => undefined)
  return {
    db,
    pool,
    async connect() {
      const client = new pg.Client({ connectionString: db.url })
      client.on('error', () => undefined)
      await client.connect()
      return client
    },
    async close() {
      await pool.end()
      await db.drop()
    },
  }
}
