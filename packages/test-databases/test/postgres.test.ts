import pg from 'pg'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '../src/index.js'

describe('postgres smoke test', () => {
  const adminUrl = requireDatabaseUrl('postgres')
  let db: TestDatabase
  let client: pg.Client

  beforeAll(async () => {
    db = await createTestDatabase('postgres', adminUrl, 'smoke')
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
  })

  it('answers select version() in its own fresh database', async () => {
    const { rows } = await client.query<{ version: string; db: string }>('select version(), current_database() as db')
    process.stdout.write(`[smoke] postgres server version: ${rows[0]!.version}\n`)
    expect(rows[0]!.version).toMatch(/^PostgreSQL \d+\.\d+/)
    expect(rows[0]!.db).toBe(db.name)
    await client.query('create table t (id int primary key)')
    await client.query('insert into t values (1)')
    await expect(client.query('insert into t values (1)')).rejects.toMatchObject({ code: '23505' })
  })

  it('drops the test database', async () => {
    await client.end()
    await db.drop()
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [db.name])
    await admin.end()
    expect(rowCount).toBe(0)
  })
})
