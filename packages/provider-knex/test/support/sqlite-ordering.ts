import { randomUUID } from 'node:crypto'
import { comparePositions, isProviderError, type Provider } from '@evtstore/core'
import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
import type { Knex } from 'knex'
import { createProvider, migrate } from '../../src/index.js'
import { holdAppend } from './held-append.js'
import { counterDomain, sleep } from './test-helpers.js'
import { openTestStore, type TestStore } from './test-stores.js'

function sqliteCode(err: unknown): unknown {
  return isProviderError(err) ? (err.cause as { code?: unknown } | undefined)?.code : undefined
}

const tables = { events: 'events', bookmarks: 'bookmarks' }

/**
 * SQLite's ordering proofs for one knex client (see the README's "Ordering"): SQLite has
 * one writer at a time, so (a) while an append's transaction is open no other connection
 * can take a position and a handler does not pass the open append, and (b) under
 * concurrent writers a handler catching up sees every event once, in order.
 *
 * With `wal`, the file is in write-ahead-log mode, where readers do not wait for the writer.
 *
 * better-sqlite3 waits for a lock synchronously, so its file tests write through one knex
 * instance per process. node-sqlite3 (`sqlite3`) waits on its own thread: its tests also
 * write through several connections at once, some of them holding their transaction open.
 */
export function describeSqliteOrdering(client: 'better-sqlite3' | 'sqlite3', options: { wal?: boolean } = {}): void {
  const async = client === 'sqlite3'
  if (async && options.wal === true) throw new Error('describeSqliteOrdering: the WAL setup is tested through better-sqlite3')

  describe(`knex + ${client}, SQLite file${options.wal === true ? ' in WAL mode' : ''}`, () => {
    let store: TestStore
    beforeAll(async () => {
      store = await openTestStore(async ? 'sqlite3-file' : options.wal === true ? 'sqlite-wal' : 'sqlite-file')
      await migrate({ client: store.db, ...tables })
    })
    afterAll(() => store?.close())

    test('single writer: while an append transaction is open no other connection can take a position, and runOnce() does not pass it', async () => {
      const run = randomUUID().slice(0, 8)
      const reader = createProvider({ client: store.db, ...tables })
      const { handler, seen } = counterDomain(reader, `held-${run}`)
      const other = createProvider({ client: store.connect({ busyTimeoutMs: 200 }), ...tables })
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

    if (async) {
      test('a writer on another connection waits for the open append, then commits at a later position; the handler sees both in order', async () => {
        const run = randomUUID().slice(0, 8)
        const reader = createProvider({ client: store.db, ...tables })
        const { handler, seen } = counterDomain(reader, `wait-${run}`)
        const other = createProvider({ client: store.connect({ busyTimeoutMs: 30_000 }), ...tables })
        const { domain } = counterDomain(other, `unused-${run}`)
        await domain.counter.append(`${run}-before`, [{ type: 'added', n: 1 }], { expectedVersion: 0 })
        await handler.runOnce()

        const held = await holdAppend(store.connect(), {
          stream: 'counter',
          aggregateId: `${run}-held`,
          expectedVersion: 0,
          events: [
            { id: randomUUID(), event: { type: 'added', n: 2 } },
            { id: randomUUID(), event: { type: 'added', n: 3 } },
          ],
        })
        const later = domain.counter.append(`${run}-later`, [{ type: 'added', n: 4 }], { expectedVersion: 0 })
        later.catch(() => undefined)
        try {
          const state = await Promise.race([later.then(() => 'committed'), sleep(700).then(() => 'waiting')])
          const result = await handler.runOnce()
          expect(state).toBe('waiting')
          expect(seen.filter((e) => e.aggregateId.startsWith(run))).toHaveLength(1)
          expect(comparePositions(result.position, held.stored[0]!.position)).toBeLessThan(0)
        } finally {
          await held.commit()
        }
        const laterStored = await later
        expect(comparePositions(held.stored[1]!.position, laterStored[0]!.position)).toBeLessThan(0)
        await handler.runOnce()
        expect(seen.filter((e) => e.aggregateId.startsWith(run)).map((e) => e.id)).toEqual([
          seen.find((e) => e.aggregateId === `${run}-before`)!.id,
          held.stored[0]!.id,
          held.stored[1]!.id,
          laterStored[0]!.id,
        ])
      })
    }

    for (const round of [1, 2, 3]) {
      const how = async ? '3 connections, every other writer holding its transaction open' : 'one connection'
      test(`stress round ${round}: 16 concurrent writers (${how}), a handler catching up sees every event once, in order`, async () => {
        // Waits for a lock far longer than any writer holds it (node-sqlite3's default is 1 s).
        // node-sqlite3 waits on libuv's thread pool (4 threads): 3 writing connections and
        // the reader leave the lock holder a thread to commit on (see the README).
        const connections: Knex[] = async
          ? Array.from({ length: 3 }, () => store.connect({ busyTimeoutMs: 60_000 }))
          : [store.db]
        const byProvider = new Map<Provider, Knex>()
        const writerProviders = connections.map((db) => {
          const provider = createProvider({ client: db, ...tables })
          byProvider.set(provider, db)
          return provider
        })
        const reader = createProvider({
          client: async ? store.connect({ busyTimeoutMs: 60_000 }) : store.db,
          ...tables,
          limit: 50,
        })
        const totals = await runOrderingStress({
          label: `knex+${client} file round ${round}`,
          writerProviders,
          reader,
          appendsPerWriter: 12,
          ...(async ? { holdAppend: (provider: Provider, request) => holdAppend(byProvider.get(provider)!, request) } : {}),
        })
        assertStressComplete(totals, 16 * 12)
      }, 120_000)
    }
  })

  describe(`knex + ${client}, SQLite :memory:`, () => {
    let store: TestStore
    beforeAll(async () => {
      store = await openTestStore(async ? 'sqlite3-memory' : 'sqlite-memory')
      await migrate({ client: store.db, ...tables })
    })
    afterAll(() => store?.close())

    for (const round of [1, 2, 3]) {
      test(`stress round ${round}: 16 concurrent writers, a handler catching up sees every event once, in order`, async () => {
        const provider = createProvider({ client: store.db, ...tables })
        const totals = await runOrderingStress({
          label: `knex+${client} :memory: round ${round}`,
          writerProviders: [provider],
          reader: provider,
          appendsPerWriter: 12,
        })
        assertStressComplete(totals, 16 * 12)
      }, 120_000)
    }
  })
}
