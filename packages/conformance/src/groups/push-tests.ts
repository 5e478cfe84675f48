import assert from 'node:assert/strict'
import type { ConformanceTest } from '../define-group.js'
import type { ConformanceOptions } from '../options.js'
import { handlerFixture } from '../support/handler-fixture.js'
import { createCounterDomain } from '../support/test-domain.js'
import { sleep, waitFor } from '../support/wait-for.js'

/** Registered as skipped, with the reason, when the provider does not declare push. */
const needsPush = (options: ConformanceOptions) =>
  options.capabilities?.push === true
    ? undefined
    : 'capability push is not declared: the provider cannot wake running handlers (they poll every tailInterval)'

/** How long a handler that polls every 30 s may take to see an append when push works. */
const PUSH_WITHIN_MS = 2_000

/** Push wake-ups (capability `push`): part of the handlers group. */
export const pushTests: ConformanceTest[] = [
  {
    name: 'declares the push capability exactly when it has subscribeAppends',
    async run({ provider, options }) {
      const declared = provider.capabilities?.push === true
      const method = typeof provider.subscribeAppends === 'function'
      assert.equal(declared, method, 'push: capabilities.push must be true exactly when the provider has subscribeAppends')
      assert.equal(
        options.capabilities?.push === true,
        declared,
        'push: pass capabilities: { push: true } to the suite exactly when the provider pushes, so the push test runs (or is skipped) accordingly',
      )
    },
  },
  {
    name: 'push: an append from another provider wakes a caught-up handler that polls every 30 s',
    skipReason: needsPush,
    slow: true,
    async run({ provider, capabilities, newProvider }) {
      const { createHandler, stream, name, ids, versions, stored } = await handlerFixture(provider, 2)
      // Another process on the same store; a store that lives in one provider object
      // (persistent: false) is written through the same one.
      const writer = createCounterDomain(capabilities.persistent === false ? provider : await newProvider(), stream).counter
      const seen: string[] = []
      const handler = createHandler(name, [stream], { batchSize: 100, tailInterval: 30_000, retryDelay: { initialMs: 10, maxMs: 50 } })
      handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
      try {
        handler.start()
        await waitFor(() => seen.length >= stored.length, 10_000, 'push: the started handler must catch up on the events stored before it started')
        await waitFor(() => handler.status.push === 'listening', 10_000, `push: the handler's subscription must be listening, status.push is ${handler.status.push}`)
        // Core looks at the log a few more times within about 1.6 s of a wake-up (the
        // subscription's own): wait them out, so only the next notification can wake it.
        await sleep(2_500)
        const [late] = await writer.append(ids[0]!, [{ type: 'added', n: 99 }], { expectedVersion: versions[0]! })
        const appendedAt = Date.now()
        await waitFor(
          () => seen.includes(late!.id),
          PUSH_WITHIN_MS,
          `push: an append from another provider must reach a handler polling every 30 s within ${PUSH_WITHIN_MS} ms (it was not woken)`,
        )
        assert.ok(Date.now() - appendedAt <= PUSH_WITHIN_MS + 100, 'push: the wake-up came too late')
        assert.deepStrictEqual(seen, [...stored.map((e) => e.id), late!.id], 'push: the handler must see every event once, in order')
      } finally {
        await handler.stop()
      }
    },
  },
]
