import { randomUUID } from 'node:crypto'
import { comparePositions, type StoredEvent } from '@evtstore/core'
import { createProvider, migrate } from '../../src/index.js'
import { holdAppend } from './held-append.js'
import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
import { counterDomain, sleep } from './test-helpers.js'
import { openTestStore, type StoreKind, type TestStore } from './test-stores.js'

/**
 * Runs the handler until it has seen `count` of this test's events. On Postgres the read
 * gate also waits for transactions of other databases on the same server (other test
 * files), so what is committed may show a moment later; bounded, never skipped.
 */
async function runUntil(
  handler: { runOnce(): Promise<unknown> },
  seen: StoredEvent[],
  run: string,
  count: number,
) {
  for (const deadline = Date.now() + 30_000; ;) {
    await handler.runOnce()
    if (ids(seen, run).length >= count || Date.now() > deadline) return
    await sleep(50)
  }
}

function ids(events: StoredEvent[], run: string): string[] {
  return events.filter((e) => e.aggregateId.startsWith(run)).map((e) => e.id)
}

/**
 * The ordering proofs for a server database (Postgres, MariaDB; see
 * docs/architecture.md): (a) the deterministic held-transaction test, (b) the stress
 * test, three times.
 */
export function describeServerOrdering(kind: Extract<StoreKind, 'postgres' | 'mariadb'>): void {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore(kind)
    await migrate({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  })
  afterAll(() => store?.close())

  test(`${kind}: runOnce() does not pass an append whose transaction is still open, and gets it after commit`, async () => {
    const run = randomUUID().slice(0, 8)
    const provider = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
    const { domain, handler, seen } = counterDomain(provider, `held-${run}`)
    await domain.counter.append(`${run}-before`, [{ type: 'added', n: 1 }], { expectedVersion: 0 })
    await runUntil(handler, seen, run, 1)
    expect(ids(seen, run)).toHaveLength(1)

    // A: the provider's append statements in a transaction that stays open.
    const held = await holdAppend(store.connect(), {
      stream: 'counter',
      aggregateId: `${run}-held`,
      expectedVersion: 0,
      events: [
        { id: randomUUID(), event: { type: 'added', n: 2 } },
        { id: randomUUID(), event: { type: 'added', n: 3 } },
      ],
    })
    // B: a later append through the provider, on another connection.
    const later = domain.counter.append(`${run}-later`, [{ type: 'added', n: 4 }], { expectedVersion: 0 })
    later.catch(() => undefined)
    try {
      const state = await Promise.race([later.then(() => 'committed'), sleep(700).then(() => 'waiting')])
      const result = await handler.runOnce()
      // The handler neither saw nor passed A (nor B, which comes after A).
      expect(ids(seen, run)).toHaveLength(1)
      expect(comparePositions(result.position, held.stored[0]!.position)).toBeLessThan(0)
      // Postgres lets B commit (the read gate holds the handler back); MariaDB makes B wait for A's position lock.
      expect(state).toBe(kind === 'postgres' ? 'committed' : 'waiting')
    } finally {
      // Also on failure, so the connection is released and jest can exit.
      await held.commit()
    }
    const laterStored = await later
    expect(comparePositions(held.stored[1]!.position, laterStored[0]!.position)).toBeLessThan(0)
    await runUntil(handler, seen, run, 4)
    expect(ids(seen, run)).toEqual([
      ...ids(seen, run).slice(0, 1),
      held.stored[0]!.id,
      held.stored[1]!.id,
      laterStored[0]!.id,
    ])
  })

  for (const round of [1, 2, 3]) {
    test(`${kind}: stress round ${round}: 16 concurrent writers, a handler catching up sees every event once, in order`, async () => {
      const writer = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
      const reader = createProvider({
        client: store.connect(),
        events: 'events',
        bookmarks: 'bookmarks',
        limit: 50,
      })
      const totals = await runOrderingStress({
        label: `knex+${kind} round ${round}`,
        writerProviders: [writer],
        reader,
        appendsPerWriter: 12,
      })
      assertStressComplete(totals, 16 * 12)
    }, 120_000)
  }
}
