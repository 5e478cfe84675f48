import assert from 'node:assert/strict'
import { readWholeLog } from '@evtstore/v12-test-kit'
import { migrateFromV12 } from '../src/v12/index.js'
import type { Neo4jKind } from './support/neo4j-lines.js'
import { openTestStore, type TestStore } from './support/test-store.js'

// A schema change anywhere in the database (another store's migrate()) fails the commit
// of every write transaction that started before it, a transient error: the migration's
// own reads and timestamp writes are run again, as the provider's appends are. The v12
// store is nodes in v12's layout written by the test (what is in it does not matter here).
const T = Date.parse('2026-03-01T10:00:00.000Z')
const AGGREGATES = 12
const VERSIONS = 5

for (const kind of ['neo4j5', 'neo4j44', 'neo4j35'] as Neo4jKind[]) {
  describe(`migrateFromV12 beside schema changes (${kind})`, () => {
    let store: TestStore
    const v12 = () => ({ events: `${store.db.name}_V12Events`, bookmarks: `${store.db.name}_V12Bookmarks` })

    beforeAll(async () => {
      store = await openTestStore(kind, 'v12schema')
      await store.run(
        `WITH toInteger($t) AS t, toInteger($aggregates) AS k
         UNWIND range(0, toInteger($count) - 1) AS n
         CREATE (:\`${v12().events}\` {stream: 'account', aggregateId: 'a' + toString(n % k),
           version: toFloat(n / k + 1), position: datetime({epochMillis: t + n}),
           timestamp: datetime({epochMillis: t + n}), event: '{"type":"noted"}'})`,
        { count: AGGREGATES * VERSIONS, aggregates: AGGREGATES, t: T },
      )
    }, 120_000)
    afterAll(() => store?.close())

    it('copies everything while migrate() of other labels runs', async () => {
      let done = false
      const migrations = (async () => {
        let n = 0
        while (!done && n < 20) await store.open(`Schema${++n}`)
        return n
      })()
      try {
        const result = await migrateFromV12({
          batchSize: 3,
          from: { client: store.driver, ...v12() },
          to: { client: store.driver, ...store.labels('Target'), ...(kind === 'neo4j35' ? { v3: true } : {}) },
        })
        assert.equal(result.complete, true)
        assert.equal(result.copied, AGGREGATES * VERSIONS)
      } finally {
        done = true
      }
      assert.ok((await migrations) > 0)
      const log = await readWholeLog(store.line.createProvider({ client: store.driver, ...store.labels('Target') }), ['account'])
      assert.equal(log.length, AGGREGATES * VERSIONS)
      assert.deepEqual(log.map((e) => e.timestamp.getTime()), log.map((_, n) => T + n), 'every v12 timestamp restored')
    }, 180_000)
  })
}
