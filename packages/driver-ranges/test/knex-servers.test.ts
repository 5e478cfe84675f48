import { PG_CAPABILITIES } from '@evtstore/core/postgres'
import { createProvider, migrate } from '@evtstore/provider-knex'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import knex, { type Knex } from 'knex-3.1.0'
import { driverSurfaceTests } from './support/driver-surface'
import { installedVersion } from './support/peer-floors'

// @evtstore/provider-knex on knex 3.1.0 with the lowest dialect drivers we claim: pg 8.0.3
// on Postgres and mysql2 3.0.0 on MariaDB. knex loads a dialect's driver with
// `require('<name>')`, which here could find any pg or mysql2 in the workspace; these
// clients load the aliased lowest release instead, so the version under test is certain.
/* eslint-disable @typescript-eslint/no-require-imports */
type ClientClass = typeof Knex.Client
const PgClient: ClientClass = require('knex-3.1.0/lib/dialects/postgres/index.js')
const Mysql2Client: ClientClass = require('knex-3.1.0/lib/dialects/mysql2/index.js')
class Pg803Client extends PgClient {
  _driver(): unknown {
    return require('pg-8.0.3')
  }
}
class Mysql2v300Client extends Mysql2Client {
  _driver(): unknown {
    return require('mysql2-3.0.0')
  }
}

// What MariaDB holds (the provider's own declaration): key columns VARBINARY(512)/(255),
// JSON nested at most 31 levels.
const MARIADB = { maxKeyBytes: { stream: 512, aggregateId: 512, eventId: 255, bookmark: 512 }, maxJsonDepth: 31 }

const servers = [
  {
    title: 'knex 3.1.0 + pg 8.0.3 on Postgres',
    kind: 'postgres',
    client: Pg803Client,
    driver: () => require('pg-8.0.3'),
    version: () => installedVersion('pg-8.0.3'),
    expectedVersion: '8.0.3',
    capabilities: { ...PG_CAPABILITIES, push: true, snapshots: true },
  },
  {
    title: 'knex 3.1.0 + mysql2 3.0.0 on MariaDB',
    kind: 'mariadb',
    client: Mysql2v300Client,
    driver: () => require('mysql2-3.0.0'),
    version: () => installedVersion('mysql2-3.0.0'),
    expectedVersion: '3.0.0',
    capabilities: { ...MARIADB, snapshots: true },
  },
] as const

for (const server of servers) {
  describe(server.title, () => {
    let testDb: TestDatabase
    let db: Knex
    beforeAll(async () => {
      testDb = await createTestDatabase(server.kind, requireDatabaseUrl(server.kind), 'range_knex')
      db = knex({ client: server.client, connection: testDb.url, pool: { min: 0, max: 10 } })
      await migrate({ client: db })
    }, 120_000)
    afterAll(async () => {
      await db?.destroy()
      await testDb?.drop()
    }, 120_000)

    it('loads the aliased driver release', () => {
      expect(db.client.driver).toBe(server.driver())
      expect(server.version()).toBe(server.expectedVersion)
    })

    driverSurfaceTests({
      name: `provider-knex on ${server.title}`,
      createProvider: () => createProvider({ client: db }),
      createProviderWithTableName: (events) => createProvider({ client: db, events }),
      migrate: () => migrate({ client: db }),
      capabilities: server.capabilities,
    })
  })
}
