import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import { MongoClient, type Db } from 'mongodb'

/** A fresh database for one test file on the run's MongoDB (or FerretDB) server. */
export interface MongoTestDatabase {
  testDb: TestDatabase
  client: MongoClient
  db: Db
  /** Another client on the same database (its own connection pool); closed by close(). */
  connect(): Promise<MongoClient>
  close(): Promise<void>
}

/** Opens this test file's own database. */
export async function openTestDatabase(prefix: string): Promise<MongoTestDatabase> {
  const testDb = await createTestDatabase('mongo', requireDatabaseUrl('mongo'), prefix)
  const clients: MongoClient[] = []
  const connect = async () => {
    const client = await MongoClient.connect(testDb.url, { serverSelectionTimeoutMS: 10_000 })
    clients.push(client)
    return client
  }
  const client = await connect()
  return {
    testDb,
    client,
    db: client.db(),
    connect,
    async close() {
      await Promise.all(clients.map((c) => c.close()))
      await testDb.drop()
    },
  }
}

/** Whether the server is FerretDB (its buildInfo says so). */
export async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 })
  return typeof info.ferretdbVersion === 'string'
}
