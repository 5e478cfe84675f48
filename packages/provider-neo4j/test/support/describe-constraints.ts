import { isProviderError } from '@evtstore/core'
import { randomUUID } from 'node:crypto'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

const VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed'
const code = (err: unknown) => (err as { code?: unknown }).code

/**
 * The schema on one line, checked against the server itself: every unique constraint
 * that migrate() creates rejects a duplicate written past the provider; migrate() is
 * idempotent, also when run concurrently on a new store; and it fails loudly on a schema
 * that does not fit.
 */
export function describeNeo4jSchema(kind: Neo4jKind): void {
  describe(`schema on ${kind}`, () => {
    let store: TestStore
    beforeAll(async () => {
      store = await openTestStore(kind, 'schema')
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    const count = async (label: string, where: string, parameters: Record<string, unknown>) => {
      const [row] = await store.run(
        `MATCH (n:\`${label}\`) WHERE ${where} RETURN toString(count(n)) AS n`,
        parameters,
      )
      return Number(row!.get('n'))
    }

    it('every unique constraint rejects a duplicate written past the provider', async () => {
      await store.open('Unique')
      const { events, bookmarks } = store.labels('Unique')
      const key = (version: number) =>
        store.line.versionKey ? { versionKey: JSON.stringify(['s', 'a', version]) } : {}
      const create = (props: Record<string, unknown>) =>
        store.run(`CREATE (n:\`${events}\`) SET n = $props`, { props }).then(
          () => 'stored',
          (err: unknown) => code(err),
        )
      const base = { stream: 's', aggregateId: 'a', payload: '{}', timestamp: 0 }
      expect(await create({ ...base, version: 1, id: 'e1', position: 1_000_001, ...key(1) })).toBe('stored')
      // the same (stream, aggregateId, version), other id and position
      expect(await create({ ...base, version: 1, id: 'e2', position: 1_000_002, ...key(1) })).toBe(VIOLATION)
      // the same id
      expect(await create({ ...base, version: 2, id: 'e1', position: 1_000_003, ...key(2) })).toBe(VIOLATION)
      // the same position
      expect(await create({ ...base, version: 3, id: 'e3', position: 1_000_001, ...key(3) })).toBe(VIOLATION)
      expect(await count(events, 'n.stream = $s', { s: 's' })).toBe(1)
      // a second counter node
      const counter = await store.run(`CREATE (n:\`${events}_Counter\` {name: 'position', value: 0})`).then(
        () => 'stored',
        (err: unknown) => code(err),
      )
      expect(counter).toBe(VIOLATION)
      // a second bookmark of one name
      await store.run(`CREATE (n:\`${bookmarks}\` {name: 'b', position: '1'})`)
      const bookmark = await store.run(`CREATE (n:\`${bookmarks}\` {name: 'b', position: '2'})`).then(
        () => 'stored',
        (err: unknown) => code(err),
      )
      expect(bookmark).toBe(VIOLATION)
      // a second snapshot of one aggregate
      const snapshot = {
        stream: 's',
        aggregateId: 'a',
        key: 'k',
        version: 1,
        state: '{}',
        ...(store.line.versionKey ? { aggregateKey: JSON.stringify(['s', 'a']) } : {}),
      }
      await store.run(`CREATE (n:\`${events}_Snapshots\`) SET n = $props`, { props: snapshot })
      const second = await store.run(`CREATE (n:\`${events}_Snapshots\`) SET n = $props`, { props: { ...snapshot, key: 'other' } }).then(
        () => 'stored',
        (err: unknown) => code(err),
      )
      expect(second).toBe(VIOLATION)
    })

    it('stores a snapshot as one node per aggregate, its state as JSON text; a second write replaces it', async () => {
      const provider = await store.open('Snap')
      const aggregateId = randomUUID()
      await provider.writeSnapshot!({ stream: 's', aggregateId, key: 'k1', version: 2, state: { n: 1 } })
      await provider.writeSnapshot!({ stream: 's', aggregateId, key: 'k2', version: 5, state: { n: [2] } })
      const { events } = store.labels('Snap')
      const rows = await store.run(
        `MATCH (n:\`${events}_Snapshots\` {aggregateId: $aggregateId}) RETURN n.key AS key, n.state AS state, n.version = 5 AS intVersion, n.aggregateKey AS aggregateKey`,
        { aggregateId },
      )
      expect(rows).toHaveLength(1)
      expect(rows[0]!.get('key')).toBe('k2')
      expect(rows[0]!.get('state')).toBe('{"n":[2]}')
      expect(rows[0]!.get('intVersion')).toBe(true)
      expect(rows[0]!.get('aggregateKey')).toBe(store.line.versionKey ? JSON.stringify(['s', aggregateId]) : null)
    })

    it('refuses snapshot calls on a store that was never migrated', async () => {
      const provider = store.line.createProvider({ client: store.driver, ...store.labels('NeverMigrated') })
      for (const call of [
        () => provider.readSnapshot!({ stream: 's', aggregateId: 'a' }),
        () => provider.writeSnapshot!({ stream: 's', aggregateId: 'a', key: 'k', version: 1, state: {} }),
      ]) {
        const err = await call().catch((e: unknown) => e)
        expect(isProviderError(err)).toBe(true)
        expect(String((err as Error).message)).toMatch(/run migrate\(\)/)
      }
      expect(await count(`${store.labels('NeverMigrated').events}_Snapshots`, 'true', {})).toBe(0)
    })

    it('stores what the provider writes as JSON text and integers, with the /v3 key only on 3.5', async () => {
      const provider = await store.open('Shape')
      const aggregateId = randomUUID()
      await provider.append({
        stream: 's',
        aggregateId,
        expectedVersion: 0,
        events: [{ id: randomUUID(), event: { type: 't', n: 1 } }],
      })
      const { events } = store.labels('Shape')
      const [row] = await store.run(
        `MATCH (n:\`${events}\` {aggregateId: $aggregateId}) RETURN n.payload AS payload, n.versionKey AS versionKey, n.version = 1 AS intVersion, n.position >= 1 AS intPosition`,
        { aggregateId },
      )
      expect(row!.get('payload')).toBe('{"type":"t","n":1}')
      expect(row!.get('intVersion')).toBe(true)
      expect(row!.get('intPosition')).toBe(true)
      expect(row!.get('versionKey')).toBe(
        store.line.versionKey ? JSON.stringify(['s', aggregateId, 1]) : null,
      )
    })

    it('migrate() runs concurrently on a new store and again, leaving one counter', async () => {
      const labels = store.labels('Concurrent')
      await Promise.all([1, 2, 3].map(() => store.line.migrate({ client: store.driver, ...labels })))
      await store.line.migrate({ client: store.driver, ...labels })
      expect(await count(`${labels.events}_Counter`, 'true', {})).toBe(1)
      const provider = store.line.createProvider({ client: store.driver, ...labels })
      const stored = await provider.append({
        stream: 's',
        aggregateId: 'a',
        expectedVersion: 0,
        events: [{ id: randomUUID(), event: { type: 't' } }],
      })
      expect(stored[0]!.position).toBe('1')
    })

    it('migrate() fails loudly when the counter is behind the stored positions', async () => {
      const provider = await store.open('Behind')
      await provider.append({
        stream: 's',
        aggregateId: 'a',
        expectedVersion: 0,
        events: [1, 2, 3].map(() => ({ id: randomUUID(), event: { type: 't' } })),
      })
      const { events } = store.labels('Behind')
      await store.run(`MATCH (c:\`${events}_Counter\`) SET c.value = 1`)
      const err = await store.line
        .migrate({ client: store.driver, ...store.labels('Behind') })
        .catch((e: unknown) => e)
      expect(isProviderError(err)).toBe(true)
      expect(String((err as Error).message)).toMatch(/below the highest stored position 3/)
    })

    it('migrate() fails loudly when an index is in the way of a constraint', async () => {
      const labels = store.labels('Indexed')
      await store.run(
        store.line.versionKey
          ? `CREATE INDEX ON :\`${labels.events}\`(id)`
          : `CREATE INDEX \`${labels.events}_plain_id\` FOR (n:\`${labels.events}\`) ON (n.id)`,
      )
      const err = await store.line.migrate({ client: store.driver, ...labels }).catch((e: unknown) => e)
      expect(isProviderError(err)).toBe(true)
      expect((err as { cause?: unknown }).cause).toBeDefined()
    })

    if (kind !== 'neo4j35') {
      it('migrate() fails loudly when a constraint of its name constrains something else', async () => {
        const labels = store.labels('Named')
        await store.run(
          `CREATE CONSTRAINT \`${labels.events}_id_unique\` FOR (n:\`${labels.events}\`) REQUIRE n.other IS UNIQUE`,
        )
        const err = await store.line.migrate({ client: store.driver, ...labels }).catch((e: unknown) => e)
        expect(isProviderError(err)).toBe(true)
        expect(String((err as Error).message)).toMatch(/exists but is/)
      })
    }
  })
}
