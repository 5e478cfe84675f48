import mysql from 'mysql2/promise'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '../src/index.js'

describe('mariadb smoke test', () => {
  const adminUrl = requireDatabaseUrl('mariadb')
  let db: TestDatabase
  let conn: mysql.Connection

  beforeAll(async () => {
    db = await createTestDatabase('mariadb', adminUrl, 'smoke')
    conn = await mysql.createConnection({ uri: db.url })
  })
  afterAll(async () => {
    await conn?.end()
  })

  it('answers select version() in its own fresh database', async () => {
    const [rows] = await conn.query('select version() as version, database() as db')
    const row = (rows as Array<{ version: string; db: string }>)[0]!
    process.stdout.write(`[smoke] mariadb server version: ${row.version}\n`)
    expect(row.version).toMatch(/^\d+\.\d+\.\d+-MariaDB/)
    expect(row.db).toBe(db.name)
    await conn.query('create table t (id int primary key)')
    await conn.query('insert into t values (1)')
    await expect(conn.query('insert into t values (1)')).rejects.toMatchObject({ errno: 1062 })
  })

  it('drops the test database', async () => {
    await db.drop()
    const [rows] = await conn.query('show databases like ?', [db.name])
    expect(rows).toHaveLength(0)
  })
})
