import { randomUUID } from 'node:crypto'
import { comparePositions, isProviderError } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import { holdAppend } from './support/held-append.js'
import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
import { counterDomain } from './support/test-helpers.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

function sqliteCode(err: unknown): unknown {
  return isProviderError(err) ? (err.cause as { code?: unknown } | undefined)?.code : undefined
}

describe('knex + SQLite file', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore('sqlite-file')
    await migrate({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  })
  afterAll(() => store?.close())

  test('single writer: while an append transaction is open no other connection can take a position, and runOnce() does not pass it', async () => {
    const run = randomUUID().slice(0, 8)
    const reader = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
    const { handler, seen } = counterDomain(reader, `held-${run}`)
    const other = createProvider({
      client: store.connect({ busyTimeoutMs: 200 }),
      events: 'events',
      bookmarks: 'bookmarks',
    })
    const { domain } = counterDomain(other, `unused-${run}`)
    await domain.counter.append(`${run}-before`, [{ type: 'added', n: 1 }], { expectedVersion: 0 })
    await handler.runOnce()

    const held = await holdAppend(store.connect(), {
      stream: 'counter',
      aggregateId: `${run}-held`,
      expectedVersion: 0,
      events: [{ id: randomUUID(), event: { type: 'added', n: 2 } }],
    })
    let laterError: unknown
    try {
      // A second writer (its own connection) is refused by SQLite's write lock.
      laterError = await domain.counter
        .append(`${run}-later`, [{ type: 'added', n: 3 }], { expectedVersion: 0 })
        .then(
          () => undefined,
          (err: unknown) => err,
        )
      const result = await handler.runOnce()
      expect(seen.filter((e) => e.aggregateId.startsWith(run))).toHaveLength(1)
      expect(comparePositions(result.position, held.stored[0]!.position)).toBeLessThan(0)
      expect(sqliteCode(laterError)).toBe('SQLITE_BUSY')
    } finally {
      await held.commit()
    }
    const later = await domain.counter.append(`${run}-later`, [{ type: 'added', n: 3 }], {
      expectedVersion: 0,
    })
    expect(comparePositions(held.stored[0]!.position, later[0]!.position)).toBeLessThan(0)
    await handler.runOnce()
    expect(seen.filter((e) => e.aggregateId.startsWith(run)).map((e) => e.aggregateId)).toEqual([
      `${run}-before`,
      `${run}-held`,
      `${run}-later`,
    ])
  })

  for (const round of [1, 2, 3]) {
    test(`stress round ${round}: 16 concurrent writers, a handler catching up sees every event once, in order`, async () => {
      // One knex instance (one connection) per file and process: better-sqlite3 waits for a
      // busy lock synchronously, so a second writing connection in the same process would
      // block the very writer it waits for (see the README's troubleshooting).
      const writer = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
      const reader = createProvider({
        events: () => store.db.table('events'),
        bookmarks: () => store.db.table('bookmarks'),
        limit: 50,
      })
      const totals = await runOrderingStress({
        label: `knex+sqlite-file round ${round}`,
        writerProviders: [writer],
        reader,
        appendsPerWriter: 12,
      })
      assertStressComplete(totals, 16 * 12)
    }, 120_000)
  }
})

describe('knex + SQLite :memory:', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore('sqlite-memory')
    await migrate({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  })
  afterAll(() => store?.close())

  for (const round of [1, 2, 3]) {
    test(`stress round ${round}: 16 concurrent writers, a handler catching up sees every event once, in order`, async () => {
      const provider = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
      const totals = await runOrderingStress({
        label: `knex+sqlite-memory round ${round}`,
        writerProviders: [provider],
        reader: provider,
        appendsPerWriter: 12,
      })
      assertStressComplete(totals, 16 * 12)
    }, 120_000)
  }
})
