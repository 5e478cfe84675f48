import { createProvider, migrate } from '@evtstore/provider-neo4j'
import * as v3 from '@evtstore/provider-neo4j/v3'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import neo4j4 from 'neo4j-driver-4.4.0'
import neo4j5 from 'neo4j-driver-5.0.0'
import { driverSurfaceTests } from './support/driver-surface'

// @evtstore/provider-neo4j on the lowest release of each alternative of its peer range:
// neo4j-driver 5.0.0 against Neo4j 5.26, 4.4.0 against Neo4j 4.4, and both against
// Neo4j 3.5 through the `/v3` entry.
const main = { createProvider, migrate }
const lines = [
  { title: 'neo4j-driver 5.0.0 on Neo4j 5.26', kind: 'neo4j5', connect: (url: string) => neo4j5.driver(url), entry: main },
  { title: 'neo4j-driver 4.4.0 on Neo4j 4.4', kind: 'neo4j44', connect: (url: string) => neo4j4.driver(url), entry: main },
  { title: 'neo4j-driver 4.4.0 on Neo4j 3.5 (/v3)', kind: 'neo4j35', connect: (url: string) => neo4j4.driver(url), entry: v3 },
  { title: 'neo4j-driver 5.0.0 on Neo4j 3.5 (/v3)', kind: 'neo4j35', connect: (url: string) => neo4j5.driver(url), entry: v3 },
] as const

for (const line of lines) {
  describe(line.title, () => {
    let testDb: TestDatabase
    let client: ReturnType<typeof line.connect>
    const labels = () => ({ events: `${testDb.name}_Events`, bookmarks: `${testDb.name}_Bookmarks` })
    // the provider takes any driver with the session API both lines share
    const driver = () => client as unknown as Parameters<typeof createProvider>[0]['client']
    beforeAll(async () => {
      testDb = await createTestDatabase(line.kind, requireDatabaseUrl(line.kind), 'range')
      client = line.connect(testDb.url)
      await line.entry.migrate({ client: driver(), ...labels() })
    }, 120_000)
    afterAll(async () => {
      await client?.close()
      await testDb?.drop()
    }, 120_000)

    driverSurfaceTests({
      name: `provider-neo4j on ${line.title}`,
      createProvider: () => line.entry.createProvider({ client: driver(), ...labels() }),
      createProviderWithTableName: (events) => line.entry.createProvider({ client: driver(), events, bookmarks: labels().bookmarks }),
      migrate: () => line.entry.migrate({ client: driver(), ...labels() }),
      capabilities: { snapshots: true },
    })
  })
}
