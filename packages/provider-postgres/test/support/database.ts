import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import postgres from 'postgres'

/** A fresh database for one test file, with a postgres.js pool on it. */
export interface PostgresTestDatabase {
  db: TestDatabase
  sql: postgres.Sql
  /** A new `sql` on the same database, one connection unless `max` says more (the caller ends it). */
  connect(max?: number): postgres.Sql
  close(): Promise<void>
}

/** Creates this test file's own database on the run's Postgres server. */
export async function openTestDatabase(prefix: string, max = 10): Promise<PostgresTestDatabase> {
  const db = await createTestDatabase('postgres', requireDatabaseUrl('postgres'), prefix)
  const quiet = { onnotice: () => undefined }
  const sql = postgres(db.url, { max, ...quiet })
  return {
    db,
    sql,
    connect: (connections = 1) => postgres(db.url, { max: connections, ...quiet }),
    async close() {
      await sql.end()
      await db.drop()
    },
  }
}
