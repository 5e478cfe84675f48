import { createProvider, migrate } from '@evtstore/provider-knex'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knex, { type Knex } from 'knex-3.1.0'
import { driverSurfaceTests } from './support/driver-surface'

// @evtstore/provider-knex on knex 3.1.0, the lowest release of its peer range, with SQLite
// in a file, through each of knex's SQLite clients (better-sqlite3 and sqlite3). The
// dialects differ in SQL, not in how knex is called.
describe.each(['better-sqlite3', 'sqlite3'] as const)('knex 3.1.0 with %s', (client) => {
  const dir = mkdtempSync(join(tmpdir(), 'evtstore-range-knex-'))
  let db: Knex
  beforeAll(async () => {
    db = knex({ client, connection: { filename: join(dir, 'events.sqlite') }, useNullAsDefault: true })
    await migrate({ client: db })
  }, 120_000)
  afterAll(async () => {
    await db?.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  driverSurfaceTests({
    name: `provider-knex on knex 3.1.0 (SQLite, ${client})`,
    createProvider: () => createProvider({ client: db }),
    createProviderWithTableName: (events) => createProvider({ client: db, events }),
    migrate: () => migrate({ client: db }),
    capabilities: { snapshots: true },
  })
})
