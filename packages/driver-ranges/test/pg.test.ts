import { PG_CAPABILITIES } from '@evtstore/core/postgres'
import { createProvider, migrate } from '@evtstore/provider-pg'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import pg from 'pg-8.0.3'
import { driverSurfaceTests } from './support/driver-surface'

// @evtstore/provider-pg on pg 8.0.3, the lowest release of its peer range.
let db: TestDatabase
let pool: pg.Pool
beforeAll(async () => {
  db = await createTestDatabase('postgres', requireDatabaseUrl('postgres'), 'range_pg')
  pool = new pg.Pool({ connectionString: db.url, max: 10 })
  pool.on('error', () => undefined) // idle connections ended by the server (the final drop)
  await migrate({ client: pool })
}, 120_000)
afterAll(async () => {
  await pool?.end()
  await db?.drop()
}, 120_000)

driverSurfaceTests({
  name: 'provider-pg on pg 8.0.3',
  createProvider: () => createProvider({ client: pool }),
  createProviderWithTableName: (events) => createProvider({ client: pool, events }),
  migrate: () => migrate({ client: pool }),
  capabilities: { ...PG_CAPABILITIES, push: true, snapshots: true },
})
