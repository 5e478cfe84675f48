import assert from 'node:assert/strict'
import type { ConformanceTest } from '../define-group.js'
import { catchError } from '../support/expect-error.js'
import { catchUp, FAST_HANDLER, handlerFixture, idsOf } from '../support/handler-fixture.js'
import { sleep, waitFor } from '../support/wait-for.js'

/** True when `err` is `target` or has it somewhere down its `cause` chain. */
function causedBy(err: unknown, target: unknown): boolean {
  for (let current: unknown = err, depth = 0; current !== undefined && depth < 10; depth++) {
    if (current === target) return true
    current = current instanceof Error ? current.cause : undefined
  }
  return false
}

/** The id of what onError was given: an envelope, or something holding one. */
function idOf(reported: unknown): unknown {
  const value = reported as { id?: unknown; envelope?: { id?: unknown } } | undefined
  return value?.id ?? value?.envelope?.id
}

/** Handler failures and shutdown. */
export const handlerErrorTests: ConformanceTest[] = [
  {
    name: 'continueOnError reports the failing event and moves on',
    async run({ provider }) {
      const { createHandler, stream, stored, name } = await handlerFixture(provider, 4)
      const failure = new Error('handler failed on purpose')
      const reported: Array<{ err: unknown; event: unknown }> = []
      const seen: string[] = []
      const handler = createHandler(name, [stream], {
        ...FAST_HANDLER,
        continueOnError: true,
        onError: (err: unknown, event: unknown) => void reported.push({ err, event }),
      })
      handler.handle(stream, 'added', (_id, event, envelope) => {
        if (event.n === 2) throw failure
        seen.push(envelope.id)
      })
      await catchUp(handler, () => seen.length + reported.length >= 4)
      assert.equal(reported.length, 1, `continueOnError: onError must be called once for the one failing event, got ${reported.length} calls`)
      assert.ok(causedBy(reported[0]!.err, failure), 'continueOnError: onError must receive the error the handler threw (or one caused by it)')
      assert.equal(idOf(reported[0]!.event), stored[1]!.id, 'continueOnError: onError must be given the event that failed')
      assert.deepStrictEqual(seen, idsOf([stored[0]!, stored[2]!, stored[3]!]), 'continueOnError: the handler must move on past the failing event')
      assert.equal(await handler.getPosition(), stored[3]!.position, 'continueOnError: the bookmark must reach the last event')
    },
  },
  {
    name: 'stops at a failing event, keeps the bookmark before it and resumes from it',
    async run({ provider }) {
      const { createHandler, stream, stored, name } = await handlerFixture(provider, 4)
      const failure = new Error('handler failed on purpose')
      let failing = true
      const seen: string[] = []
      const handler = createHandler(name, [stream], FAST_HANDLER)
      handler.handle(stream, 'added', (_id, event, envelope) => {
        if (event.n === 3 && failing) throw failure
        seen.push(envelope.id)
      })
      const err = await catchError(
        () => catchUp(handler, () => false),
        'stop-on-error: runOnce must reject when a handler throws',
      )
      assert.ok(causedBy(err, failure), 'stop-on-error: runOnce must reject with the handler error (or one caused by it)')
      assert.deepStrictEqual(seen, idsOf(stored.slice(0, 2)), 'stop-on-error: no event after the failing one may be handled')
      assert.equal(
        await handler.getPosition(),
        stored[1]!.position,
        'stop-on-error: the bookmark must be the last event handled before the failing one',
      )
      failing = false
      await catchUp(handler, () => seen.length >= 4)
      assert.deepStrictEqual(seen, idsOf(stored), 'stop-on-error: the next run must resume at the failing event and handle the rest once')
    },
  },
  {
    name: 'stop() waits for the event being handled',
    slow: true,
    async run({ provider }) {
      const { createHandler, stream, name } = await handlerFixture(provider, 1)
      const order: string[] = []
      let release: () => void = () => undefined
      const gate = new Promise<void>((resolve) => (release = resolve))
      const handler = createHandler(name, [stream], FAST_HANDLER)
      handler.handle(stream, 'added', async () => {
        order.push('handling')
        await gate
        order.push('handled')
      })
      handler.start()
      try {
        await waitFor(() => order.includes('handling'), 5000, 'graceful stop: the handler never started handling the stored event')
      } catch (error) {
        release()
        await handler.stop() // a handler left running keeps the test process alive
        throw error
      }
      let stopped = false
      const stopping = handler.stop().then(() => {
        stopped = true
        order.push('stopped')
      })
      try {
        await sleep(50)
        assert.equal(stopped, false, 'graceful stop: stop() resolved while an event was still being handled')
      } finally {
        release()
        await stopping
      }
      assert.deepStrictEqual(order, ['handling', 'handled', 'stopped'], 'graceful stop: stop() must resolve only after in-flight work is done')
    },
  },
]
