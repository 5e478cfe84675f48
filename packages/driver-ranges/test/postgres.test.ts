import { PG_CAPABILITIES } from '@evtstore/core/postgres'
import { createProvider, migrate } from '@evtstore/provider-postgres'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import postgres from 'postgres-3.4.0'
import { driverSurfaceTests } from './support/driver-surface'

// @evtstore/provider-postgres on postgres.js 3.4.0, the lowest release of its peer range.
let db: TestDatabase
let sql: postgres.Sql
beforeAll(async () => {
  db = await createTestDatabase('postgres', requireDatabaseUrl('postgres'), 'range_postgres')
  sql = postgres(db.url, { max: 10, onnotice: () => undefined })
  await migrate({ sql })
}, 120_000)
afterAll(async () => {
  await sql?.end({ timeout: 5 })
  await db?.drop()
}, 120_000)

driverSurfaceTests({
  name: 'provider-postgres on postgres 3.4.0',
  createProvider: () => createProvider({ sql }),
  createProviderWithTableName: (events) => createProvider({ sql, events }),
  migrate: () => migrate({ sql }),
  capabilities: { ...PG_CAPABILITIES, push: true, snapshots: true },
})
