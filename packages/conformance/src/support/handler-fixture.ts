import type { Provider, StoredEvent } from '@evtstore/core'
import { randomAggregateId, randomBookmarkName } from './random-names.js'
import { createCounterDomain } from './test-domain.js'

/** Handler options the fixtures use: small batches and a fast tail poll. */
export const FAST_HANDLER = { batchSize: 2, tailInterval: 20, retryDelay: { initialMs: 10, maxMs: 50 } }

/**
 * A counter domain with `count` 'added' events (n = 1..count) over two aggregates, and a
 * factory for handlers on its stream that record what they see.
 */
export async function handlerFixture(provider: Provider, count: number) {
  const { counter, createHandler, stream } = createCounterDomain(provider)
  const ids = [randomAggregateId(), randomAggregateId()]
  const stored: StoredEvent[] = []
  const versions = [0, 0]
  for (let n = 1; n <= count; n++) {
    const which = n % 2
    stored.push(...(await counter.append(ids[which]!, [{ type: 'added', n }], { expectedVersion: versions[which]! })))
    versions[which]! += 1
  }
  const name = randomBookmarkName()
  return { counter, createHandler, stream, stored, name, ids, versions }
}

/** The ids of envelopes. */
export const idsOf = (events: Array<{ id: string }>) => events.map((e) => e.id)

/** The part of a handler {@link catchUp} needs. */
export interface RunsOnce {
  runOnce(): Promise<{ handled: number; position: string }>
}

/**
 * Calls `runOnce()` until `done()` (or `timeoutMs` passes) and sums what the runs handled.
 * One run normally suffices; on a shared database another transaction may briefly hold
 * the log back, and a handler then catches up on its next run. Errors propagate.
 */
export async function catchUp(handler: RunsOnce, done: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  let handled = 0
  let position = ''
  for (;;) {
    const result = await handler.runOnce()
    handled += result.handled
    position = result.position
    if (done() || Date.now() > deadline) return { handled, position }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
