import assert from 'node:assert/strict'
import type { ConformanceTest } from '../define-group.js'
import { catchUp, idsOf } from '../support/handler-fixture.js'
import { newEvent } from '../support/new-events.js'
import { randomAggregateId, randomBookmarkName } from '../support/random-names.js'
import { readWholeLog } from '../support/read-all.js'
import { createCounterDomain } from '../support/test-domain.js'
import { settledWithin } from '../support/wait-for.js'

/** How long the test waits for the later append when the provider serialises writers (it waits for the held one). */
const LATER_APPEND_WAIT_MS = 2000

/**
 * The deterministic ordering proof (docs/architecture.md, "Ordering"): an append holds its transaction open with a lower
 * position while a later append commits. A handler may not pass the open one, and sees
 * it once it commits.
 */
export const lateCommitTest: ConformanceTest = {
  name: 'a handler does not pass an append that commits late',
  slow: true,
  skipReason: (options) => (options.holdAppend === undefined ? 'no holdAppend hook given' : undefined),
  async run({ provider, options }) {
    const { counter, createHandler, stream } = createCounterDomain(provider)
    const [first] = await counter.append(randomAggregateId(), [{ type: 'added', n: 1 }], { expectedVersion: 0 })
    const lateEvent = newEvent({ type: 'added', n: 2 })
    const held = await options.holdAppend!(provider, {
      stream,
      aggregateId: randomAggregateId(),
      expectedVersion: 0,
      events: [lateEvent],
    })
    // A provider that serialises writers makes this append wait for the held one: don't await it yet.
    const later = counter.append(randomAggregateId(), [{ type: 'added', n: 3 }], { expectedVersion: 0 })
    later.catch(() => undefined)
    const seen: string[] = []
    const handler = createHandler(randomBookmarkName(), [stream], { batchSize: 10 })
    handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
    try {
      // Wait for the later append itself: a provider that does not serialise writers has
      // committed it by then, so a read that skips the open append is certain to show it.
      // One that serialises makes it wait for the held append: wait the bounded time.
      await settledWithin(later, LATER_APPEND_WAIT_MS)
      await handler.runOnce()
      assert.ok(seen.includes(first!.id), 'late commit: the handler must see the event committed before the open append')
      assert.ok(!seen.includes(lateEvent.id), 'late commit: the handler saw an event whose transaction has not committed')
    } finally {
      await held.commit()
    }
    const [last] = await later
    await catchUp(handler, () => seen.length >= 3)
    assert.ok(
      seen.includes(lateEvent.id),
      'late commit: the handler read past an append that committed late and never saw it (the log is not a stable prefix)',
    )
    const log = await readWholeLog(provider, [stream], { expected: 3 })
    assert.deepStrictEqual(idsOf(log).sort(), [first!.id, lateEvent.id, last!.id].sort(), 'late commit: the log must hold all 3 events')
    assert.deepStrictEqual(seen, idsOf(log), 'late commit: the handler must see every event once, in log order')
  },
}
