import neo4j5 from 'neo4j-driver'
import neo4j4 from 'neo4j-driver-v4'
import { createTestDatabase, requireDatabaseUrl, type DatabaseKind, type TestDatabase } from '../src/index.js'

type Neo4jKind = Extract<DatabaseKind, 'neo4j5' | 'neo4j44' | 'neo4j35'>

/**
 * The Neo4j smoke test, shared by the three lines: a Cypher round-trip, a uniqueness
 * constraint that rejects a duplicate, and the cleanup of the test's labels. 3.5 speaks
 * only Bolt v3, so it gets the 4.4 driver and the 3.5 constraint syntax.
 */
export function neo4jSmokeTest(kind: Neo4jKind): void {
  const legacy = kind === 'neo4j35'
  const lib = legacy ? neo4j4 : neo4j5

  describe(`${kind} smoke test`, () => {
    const url = requireDatabaseUrl(kind)
    let db: TestDatabase
    let driver: ReturnType<typeof neo4j5.driver>
    let label: string

    const run = async (query: string, params?: Record<string, unknown>) => {
      const session = driver.session()
      try {
        return await session.run(query, params)
      } finally {
        await session.close()
      }
    }

    beforeAll(async () => {
      db = await createTestDatabase(kind, url, 'smoke')
      label = `${db.name}_Event`
      driver = lib.driver(db.url) as unknown as ReturnType<typeof neo4j5.driver>
    })
    afterAll(async () => {
      await driver?.close()
    })

    it('round-trips a node through Cypher', async () => {
      const components = await run('CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition')
      const record = components.records[0]!
      const version = `${String(record.get('name'))} ${String(record.get('v'))} ${String(record.get('edition'))}`
      process.stdout.write(`[smoke] ${kind} server version: ${version}\n`)
      expect(version).toMatch(new RegExp(`^Neo4j Kernel ${{ neo4j5: '5', neo4j44: '4\\.4', neo4j35: '3\\.5' }[kind]}\\.`))
      const created = await run(`CREATE (n:${label} {id: $id, version: $version}) RETURN n.id AS id, n.version AS version`, {
        id: 'a',
        version: lib.int(7),
      })
      expect(created.records[0]!.get('id')).toBe('a')
      expect(Number(created.records[0]!.get('version'))).toBe(7)
    })

    it('rejects a duplicate under a uniqueness constraint', async () => {
      await run(
        legacy
          ? `CREATE CONSTRAINT ON (n:${label}) ASSERT n.key IS UNIQUE`
          : `CREATE CONSTRAINT ${db.name}_key IF NOT EXISTS FOR (n:${label}) REQUIRE n.key IS UNIQUE`,
      )
      await run(`CREATE (n:${label} {key: 'k1'})`)
      const error = await run(`CREATE (n:${label} {key: 'k1'})`).catch((e: unknown) => e)
      expect((error as { code?: string }).code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed')
      const count = await run(`MATCH (n:${label} {key: 'k1'}) RETURN count(n) AS c`)
      expect(Number(count.records[0]!.get('c'))).toBe(1)
    })

    it('drop() removes the nodes and the constraint under its name', async () => {
      await db.drop()
      const count = await run(`MATCH (n:${label}) RETURN count(n) AS c`)
      expect(Number(count.records[0]!.get('c'))).toBe(0)
      await run(`CREATE (n:${label} {key: 'k1'})`)
      await run(`CREATE (n:${label} {key: 'k1'})`) // the constraint is gone
      await db.drop()
    })
  })
}
