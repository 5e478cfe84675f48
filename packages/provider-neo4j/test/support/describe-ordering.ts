import { assertStressComplete, runOrderingStress, type StressTotals } from '@evtstore/conformance'
import { createDomain, createAggregate, type Provider, type StoredEvent } from '@evtstore/core'
import { randomUUID } from 'node:crypto'
import { earlyPositionControl } from './early-position-control.js'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

type Added = { type: 'added'; n: number }
const counter = createAggregate({
  stream: 'counter',
  create: () => ({ total: 0 }),
  fold: (ev: Added, state: { total: number }) => ({ total: state.total + ev.n }),
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves to 'pending' if `promise` has not settled within `ms`. */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'settled' as const), sleep(ms).then(() => 'pending' as const)])

/** What a handler saw of the `counter` stream when run once more. */
function follower(provider: Provider) {
  const { createHandler } = createDomain({ provider }, { counter })
  const seen: StoredEvent[] = []
  const handler = createHandler(`h-${randomUUID()}`, ['counter'], { batchSize: 10 })
  handler.handle('counter', 'added', (_id, _event, envelope) => void seen.push(envelope))
  return { seen, runOnce: () => handler.runOnce() }
}

const newEvent = (n: number) => ({ id: randomUUID(), event: { type: 'added', n } })

/**
 * The ordering proofs on one Neo4j line. Deterministic: an append held open after taking
 * its position makes a later append wait at the counter, the handler does not pass the
 * held one and sees both, in order, once it commits; the control (positions drawn in a
 * transaction of their own) lets the later append commit first and the handler loses
 * the held event. Stress: three rounds of 16 writers (half of them holding their appends
 * open for a moment) with a handler catching up, totals printed, nothing lost; the
 * control must lose events within three rounds.
 */
export function describeNeo4jOrdering(kind: Neo4jKind): void {
  describe(`ordering on ${kind}`, () => {
    let store: TestStore
    beforeAll(async () => {
      store = await openTestStore(kind, 'order')
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    it(`a held append makes later appends wait at the counter; the handler sees it once it commits, in order (${kind})`, async () => {
      const provider = await store.open('Held')
      const reader = follower(provider)
      const [first] = await provider.append({
        stream: 'counter',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [newEvent(1)],
      })
      const heldEvent = newEvent(2)
      const held = await store.hold('Held', {
        stream: 'counter',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [heldEvent],
      })
      const later = provider.append({
        stream: 'counter',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [newEvent(3)],
      })
      later.catch(() => undefined)
      try {
        // the later append is serialised behind the held one: it cannot commit while the counter is held
        expect(await within(later, 1500)).toBe('pending')
        await reader.runOnce()
        expect(reader.seen.map((e) => e.id)).toEqual([first!.id])
      } finally {
        await held.commit()
      }
      const [last] = await later
      await reader.runOnce()
      expect(reader.seen.map((e) => e.id)).toEqual([first!.id, heldEvent.id, last!.id])
      expect(BigInt(reader.seen[1]!.position)).toBe(BigInt(first!.position) + 1n)
      expect(BigInt(last!.position)).toBe(BigInt(first!.position) + 2n)
    })

    it(`control: with positions drawn in their own transaction, the handler passes the held append and loses it (${kind})`, async () => {
      await store.open('HeldControl')
      const control = earlyPositionControl(store, 'HeldControl')
      const reader = follower(control.provider)
      const heldEvent = newEvent(2)
      const held = await control.hold({
        stream: 'counter',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [heldEvent],
      })
      const later = await control.provider.append({
        stream: 'counter',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [newEvent(3)],
      })
      await reader.runOnce()
      await held.commit()
      await reader.runOnce()
      expect(reader.seen.map((e) => e.id)).toEqual([later[0]!.id])
      const log = await control.provider.readLog({ streams: ['counter'], after: '0', limit: 10 })
      expect(log.map((e) => e.id)).toEqual([heldEvent.id, later[0]!.id]) // stored, yet never handled
    })

    it(`stress: 16 writers, three rounds, the handler sees every event once, in order (${kind})`, async () => {
      const rounds: StressTotals[] = []
      for (let round = 1; round <= 3; round++) {
        const name = `Stress${round}`
        const providers = [await store.open(name), await store.open(name), await store.open(name)]
        const totals = await runOrderingStress({
          writerProviders: providers,
          reader: providers[0]!,
          holdAppend: (_provider, request) => store.hold(name, request),
          writers: 16,
          appendsPerWriter: 8,
          holdMs: 20,
          batchSize: 50,
          label: `${kind} round ${round}`,
        })
        rounds.push(totals)
      }
      for (const totals of rounds) assertStressComplete(totals, 16 * 8)
    }, 300_000)

    it(`stress control: positions drawn in their own transaction lose events (${kind})`, async () => {
      const losses: StressTotals[] = []
      for (let round = 1; round <= 3; round++) {
        const name = `StressControl${round}`
        await store.open(name)
        const controls = [earlyPositionControl(store, name), earlyPositionControl(store, name)]
        const totals = await runOrderingStress({
          writerProviders: controls.map((c) => c.provider),
          reader: controls[0]!.provider,
          holdAppend: (_provider, request) => controls[0]!.hold(request),
          writers: 16,
          appendsPerWriter: 8,
          holdMs: 60,
          batchSize: 50,
          settleMs: 5000,
          label: `${kind} control round ${round}`,
        })
        losses.push(totals)
        if (totals.missed > 0) break
      }
      process.stdout.write(
        `[stress ${kind} control] missed per round: ${losses.map((t) => t.missed).join(', ')}\n`,
      )
      expect(losses.some((t) => t.missed > 0)).toBe(true)
    }, 300_000)
  })
}
