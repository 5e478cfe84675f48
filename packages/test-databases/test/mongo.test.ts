import { MongoClient, MongoServerError } from 'mongodb'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '../src/index.js'

describe('mongo smoke test', () => {
  const adminUrl = requireDatabaseUrl('mongo')
  let db: TestDatabase
  let client: MongoClient

  beforeAll(async () => {
    db = await createTestDatabase('mongo', adminUrl, 'smoke')
    client = new MongoClient(db.url)
    await client.connect()
  })
  afterAll(async () => {
    await client?.close()
  })

  it('inserts and finds a document in its own database', async () => {
    const info = await client.db('admin').command({ buildInfo: 1 })
    const ferret = info.ferretdbVersion ? ` (FerretDB ${String(info.ferretdbVersion)})` : ''
    process.stdout.write(`[smoke] mongo server version: ${String(info.version)}${ferret}\n`)
    expect(String(info.version)).toMatch(/^\d+\.\d+\.\d+/)
    expect(client.db().databaseName).toBe(db.name)
    const things = client.db().collection<{ _id: string; n: number }>('things')
    await things.insertOne({ _id: 'a', n: 1 })
    expect(await things.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 })
  })

  it('rejects a duplicate under a unique index with code 11000', async () => {
    const events = client.db().collection('events')
    await events.createIndex({ stream: 1, version: 1 }, { unique: true })
    await events.insertOne({ stream: 's', version: 1 })
    const error = await events.insertOne({ stream: 's', version: 1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MongoServerError)
    expect((error as MongoServerError).code).toBe(11000)
    expect(await events.countDocuments({ stream: 's' })).toBe(1)
  })

  it('drops the test database', async () => {
    await db.drop()
    const { databases } = await client.db('admin').admin().listDatabases()
    expect(databases.map((d) => d.name)).not.toContain(db.name)
  })
})
