import { isVersionConflictError, type Provider, type StoredEvent } from '@evtstore/core'
import type { HeldAppend } from '../options.js'
import { catchUp } from '../support/handler-fixture.js'
import { newEvent } from '../support/new-events.js'
import { randomAggregateId, randomBookmarkName } from '../support/random-names.js'
import { readWholeLog } from '../support/read-all.js'
import { createCounterDomain } from '../support/test-domain.js'
import { sleep } from '../support/wait-for.js'
import { countStress, type StressTotals } from './count-stress.js'

/** Options of {@link runOrderingStress}. */
export interface OrderingStressOptions {
  /**
   * The providers the writers append through, in turn (several instances on the same
   * database mean several connections). The log is read back through the first one.
   */
  writerProviders: Provider[]
  /**
   * The provider the handler reads through. Normally one of the same store; a control
   * passes a reader built to lose events, and the run must then report them missed.
   */
  reader: Provider
  /**
   * Makes every `heldEvery`-th writer append through this hook (an append written but not
   * yet committed, see the suite's `holdAppend` option), committing after a pause of up to
   * `holdMs`: the late commits the ordering guarantee is about.
   */
  holdAppend?: (provider: Provider, request: Parameters<Provider['append']>[0]) => Promise<HeldAppend>
  /** With `holdAppend`: which writers hold their appends (every n-th). Default 2 (half of them). */
  heldEvery?: number
  /** With `holdAppend`: the longest pause before a held append commits, in ms. Default 4. */
  holdMs?: number
  /** Concurrent writers. Default 16. */
  writers?: number
  /** Appends per writer, each of one to three events. Default 8. */
  appendsPerWriter?: number
  /** Aggregates all (not held) writers compete for, besides their own. Default 3. */
  sharedAggregates?: number
  /** How long to wait for the log to hold every appended event, in ms. Default 30000. */
  settleMs?: number
  /** The handler's batch size (events per read). Default 5. */
  batchSize?: number
  /** Printed with the totals (`[stress <label>] {...}`); nothing is printed without it. */
  label?: string
}

type Counter = ReturnType<typeof createCounterDomain>['counter']
type Added = { type: 'added'; n: number }

/** Appends to an aggregate others write to as well: reload and try again on a version conflict. */
async function appendShared(counter: Counter, aggregateId: string, events: Added[]): Promise<StoredEvent[]> {
  for (let attempt = 0; ; attempt++) {
    const { version } = await counter.getAggregate(aggregateId)
    try {
      return await counter.append(aggregateId, events, { expectedVersion: version })
    } catch (err) {
      if (!isVersionConflictError(err) || attempt >= 200) throw err
      await sleep(Math.random() * 3)
    }
  }
}

/**
 * The ordering stress test, for any provider: `writers` concurrent writers make
 * multi-event appends (to their own aggregate, to a few shared ones with retries on
 * conflicts, and — given `holdAppend` — through appends that commit late) while a handler
 * over `reader` catches up in a loop. Afterwards the log is read back and compared with
 * what the handler saw. It returns the totals and asserts nothing: check them with
 * `assertStressComplete`, or, for a control with a broken reader, that `missed > 0`.
 *
 * @example
 * ```ts
 * import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
 * const totals = await runOrderingStress({
 *   writerProviders: [createProvider(opts), createProvider(opts)],
 *   reader: createProvider(opts),
 *   label: 'my-db round 1',
 * })
 * assertStressComplete(totals)
 * ```
 */
export async function runOrderingStress(options: OrderingStressOptions): Promise<StressTotals> {
  const writers = options.writers ?? 16
  const appendsPerWriter = options.appendsPerWriter ?? 8
  const heldEvery = options.heldEvery ?? 2
  const holdMs = options.holdMs ?? 4
  const [first] = options.writerProviders
  if (first === undefined) throw new TypeError('runOrderingStress: writerProviders must hold at least one provider')
  const { createHandler, stream } = createCounterDomain(options.reader)
  const counters = options.writerProviders.map((provider) => ({ provider, counter: createCounterDomain(provider, stream).counter }))
  const shared = Array.from({ length: options.sharedAggregates ?? 3 }, () => randomAggregateId())

  const seen: StoredEvent[] = []
  const handler = createHandler(randomBookmarkName(), [stream], { batchSize: options.batchSize ?? 5, tailInterval: 10 })
  handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope))

  async function writer(index: number): Promise<string[]> {
    const { provider, counter } = counters[index % counters.length]!
    const held = options.holdAppend !== undefined && index % heldEvery === heldEvery - 1
    const own = randomAggregateId()
    let ownVersion = 0
    const ids: string[] = []
    for (let i = 0; i < appendsPerWriter; i++) {
      const events: Added[] = Array.from({ length: 1 + ((index + i) % 3) }, (_, k) => ({ type: 'added', n: index * 1000 + i * 10 + k }))
      let stored: StoredEvent[]
      if (held) {
        const request = { stream, aggregateId: own, expectedVersion: ownVersion, events: events.map((e) => newEvent(e)) }
        const open = await options.holdAppend!(provider, request)
        await sleep(Math.random() * holdMs)
        await open.commit()
        stored = request.events.map((e) => ({ id: e.id }) as StoredEvent)
        ownVersion += events.length
      } else if (i % 2 === 0 || shared.length === 0) {
        stored = await counter.append(own, events, { expectedVersion: ownVersion })
        ownVersion += events.length
      } else {
        stored = await appendShared(counter, shared[(index + i) % shared.length]!, events)
      }
      ids.push(...stored.map((e) => e.id))
    }
    return ids
  }

  let writing = true
  let readerError: unknown
  const reading = (async () => {
    while (writing) {
      await handler.runOnce()
      await sleep(1)
    }
  })().catch((err: unknown) => void (readerError = err ?? new Error('runOnce failed')))
  let appended: string[] = []
  try {
    appended = (await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)))).flat()
  } finally {
    writing = false
    await reading
  }
  if (readerError !== undefined) throw readerError
  const log = await readWholeLog(first, [stream], { expected: appended.length, waitMs: options.settleMs ?? 30_000 })
  const storedIds = log.map((e) => e.id)
  const seenIds = new Set<string>()
  await catchUp(handler, () => {
    for (const e of seen) seenIds.add(e.id)
    return storedIds.every((id) => seenIds.has(id))
  }, 3000)
  const totals = countStress(appended, storedIds, seen)
  if (options.label !== undefined) process.stdout.write(`[stress ${options.label}] ${JSON.stringify(totals)}\n`)
  return totals
}
