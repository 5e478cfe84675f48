import assert from 'node:assert/strict'
import { createAggregate, createDomain } from '@evtstore/core'
import { readWholeLog } from '@evtstore/v12-test-kit'
import { migrateFromV12 } from '../src/v12/index.js'
import type { Neo4jKind } from './support/neo4j-lines.js'
import { openTestStore, type TestStore } from './support/test-store.js'

// evtstore@12 appends each event of a command in its own transaction at
// `datetime.transaction()`, kept to the millisecond: events appended in one millisecond
// tie in v12's order, and node ids do not follow creation (Neo4j reuses deleted ids).
// v12's writer cannot be made to tie on purpose, so this store is nodes in v12's layout
// written by the test (v12's own properties, a version-3 node with a lower id than
// version 2 at the same position), with a v12 bookmark on that millisecond.
const T = Date.parse('2026-03-01T10:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()
const EVENTS = [
  { stream: 'account', aggregateId: 'a', version: 1, at: T },
  { stream: 'account', aggregateId: 'a', version: 2, at: T + 5 },
  { stream: 'account', aggregateId: 'a', version: 3, at: T + 5 },
  { stream: 'user', aggregateId: 'u', version: 1, at: T + 5 },
  { stream: 'account', aggregateId: 'a', version: 4, at: T + 9 },
]
const key = (e: { stream: string; aggregateId: string; version: number }) => `${e.stream}/${e.aggregateId}/${e.version}`

for (const kind of ['neo4j5', 'neo4j44', 'neo4j35'] as Neo4jKind[]) {
  describe(`v12 positions that tie (${kind}; nodes in v12's layout written by the test)`, () => {
    let store: TestStore
    const v12 = () => ({ events: `${store.db.name}_V12Events`, bookmarks: `${store.db.name}_V12Bookmarks` })
    const migrate = (target: string, options: { batchSize?: number; limit?: number } = {}) =>
      migrateFromV12({
        ...options,
        from: { client: store.driver, ...v12() },
        to: { client: store.driver, ...store.labels(target), ...(kind === 'neo4j35' ? { v3: true } : {}) },
      })

    beforeAll(async () => {
      store = await openTestStore(kind, 'v12ties')
      for (const e of EVENTS) {
        await store.run(
          `CREATE (ev:\`${v12().events}\` {stream: $stream, position: datetime($at), version: toFloat($version),
            timestamp: datetime($at), aggregateId: $aggregateId, event: $event,
            _streamPosition: $stream + '_' + $at, _streamIdVersion: $stream + '_' + $aggregateId + '_' + toString($version)})`,
          { ...e, at: iso(e.at), event: JSON.stringify({ type: 'noted', n: key(e) }) },
        )
      }
      // Version 3 gets the lower node id of the tied pair: swap the two nodes' properties if needed.
      await store.run(
        `MATCH (two:\`${v12().events}\` {aggregateId: 'a', version: 2.0}), (three:\`${v12().events}\` {aggregateId: 'a', version: 3.0})
         WHERE id(two) < id(three)
         WITH two, three, properties(two) AS p2, properties(three) AS p3
         SET two = p3, three = p2`,
      )
      const [check] = await store.run(
        `MATCH (two:\`${v12().events}\` {aggregateId: 'a', version: 2.0}), (three:\`${v12().events}\` {aggregateId: 'a', version: 3.0})
         RETURN id(three) < id(two) AS lower`,
      )
      assert.equal(check!.get('lower'), true)
      // A v12 handler that handled an event at T + 5 saved that millisecond.
      await store.run(`CREATE (:\`${v12().bookmarks}\` {bookmark: 'tied', position: $position})`, { position: iso(T + 5) })
    }, 120_000)
    afterAll(() => store?.close())

    const checkCopy = async (target: string) => {
      const provider = store.line.createProvider({ client: store.driver, ...store.labels(target) })
      const log = await readWholeLog(provider)
      assert.deepEqual(
        log.map((e) => key(e)),
        ['account/a/1', 'user/u/1', 'account/a/2', 'account/a/3', 'account/a/4'],
        'a tie in version order (then node id)',
      )
      const account = createAggregate({ stream: 'account', create: () => ({}), fold: () => ({}) })
      const user = createAggregate({ stream: 'user', create: () => ({}), fold: () => ({}) })
      const handler = createDomain({ provider }, { account, user }).createHandler('tied', ['account', 'user'])
      const seen: string[] = []
      for (const stream of ['account', 'user'] as const) {
        handler.handle(stream, 'noted' as never, async (id: string, _ev: unknown, meta: { stream: string; version: number }) => {
          seen.push(key({ stream: meta.stream, aggregateId: id, version: meta.version }))
        })
      }
      await handler.runOnce()
      assert.deepEqual(seen, ['account/a/4'], 'every event of the bookmark millisecond counts as handled')
    }

    it('copies a tie with each aggregate in version order and moves a bookmark standing on it', async () => {
      const result = await migrate('Whole')
      assert.equal(result.complete, true)
      assert.equal(result.copied, EVENTS.length)
      assert.deepEqual(result.bookmarks.map((b) => [b.name, b.outcome]), [['tied', 'set']])
      await checkCopy('Whole')
    })

    it('pages of one event and a run stopped inside the tie go on from there', async () => {
      const first = await migrate('Paged', { batchSize: 1, limit: 2 })
      assert.equal(first.complete, false)
      const rest = await migrate('Paged', { batchSize: 1 })
      assert.equal(rest.complete, true)
      assert.equal(first.copied + rest.copied, EVENTS.length, 'nothing appended twice')
      await checkCopy('Paged')
    })
  })
}
