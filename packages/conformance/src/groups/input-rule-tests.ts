import assert from 'node:assert/strict'
import { guardProvider, type Provider } from '@evtstore/core'
import type { ConformanceTest } from '../define-group.js'
import type { ConformanceOptions } from '../options.js'
import { expectErrorCode } from '../support/expect-error.js'
import { newEvent } from '../support/new-events.js'
import { randomAggregateId, randomBookmarkName, randomStream } from '../support/random-names.js'
import { readWholeAggregate, readWholeLog } from '../support/read-all.js'
import { countCalls, createCounterDomain } from '../support/test-domain.js'

const REFUSED = 'VALIDATION_FAILED'

function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { inner: value }
  return value
}

/** Appends through core's guard, as core does, and expects a ValidationError. */
async function refused(provider: Provider, request: Parameters<Provider['append']>[0], guarantee: string): Promise<void> {
  await expectErrorCode(() => guardProvider(provider).append(request), REFUSED, guarantee)
}

const needsLimits = (options: ConformanceOptions) =>
  options.capabilities?.maxKeyBytes === undefined ? 'the provider declares no name byte limits (capabilities.maxKeyBytes)' : undefined

/** The input rules every provider shares, enforced before any I/O (core's guard and the provider's declared limits). */
export const inputRuleTests: ConformanceTest[] = [
  {
    name: 'refuses lone surrogates in ids, stream names, payload text and keys with ValidationError and writes nothing',
    async run({ provider: real }) {
      const { provider, calls } = countCalls(real)
      const stream = randomStream()
      const aggregateId = randomAggregateId()
      const cases: Array<[string, Parameters<Provider['append']>[0]]> = [
        ['an aggregate id', { stream, aggregateId: `${aggregateId}\ud800`, expectedVersion: 0, events: [newEvent({ type: 't' })] }],
        ['a stream name', { stream: `${stream}\udc00`, aggregateId, expectedVersion: 0, events: [newEvent({ type: 't' })] }],
        ['an event id', { stream, aggregateId, expectedVersion: 0, events: [{ id: `e\ud800`, event: { type: 't' } }] }],
        ['payload text', { stream, aggregateId, expectedVersion: 0, events: [newEvent({ type: 't', text: 'x\udbff' })] }],
        ['a payload key', { stream, aggregateId, expectedVersion: 0, events: [newEvent({ type: 't', ['k\udfff']: 1 })] }],
      ]
      for (const [what, request] of cases) {
        await refused(provider, request, `input rules: a lone surrogate in ${what} must be refused with ValidationError`)
      }
      await expectErrorCode(
        () => guardProvider(provider).setBookmark(`${randomBookmarkName()}\ud800`, '0'),
        REFUSED,
        'input rules: a lone surrogate in a bookmark name must be refused with ValidationError',
      )
      assert.equal(calls.append + calls.setBookmark, 0, 'input rules: refused input must never reach the provider')
      assert.equal((await readWholeAggregate(real, stream, aggregateId)).length, 0, 'input rules: nothing may be stored')
    },
  },
  {
    name: 'refuses payloads nested deeper than 100 levels with ValidationError and writes nothing',
    async run({ provider, capabilities }) {
      const { counter, stream } = createCounterDomain(provider)
      const aggregateId = randomAggregateId()
      // The payload object is level 1; `value` adds its own levels below it.
      const deepest = Math.min(100, capabilities.maxJsonDepth ?? 100)
      for (const depth of [deepest + 1, 5000]) {
        await expectErrorCode(
          () => counter.append(aggregateId, [{ type: 'data', value: nested(depth - 1) }], { expectedVersion: 0 }),
          REFUSED,
          `input rules: a payload nested ${depth} levels deep must be refused with ValidationError (not a RangeError or a ProviderError)`,
        )
      }
      await counter.append(aggregateId, [{ type: 'data', value: nested(deepest - 1) }], { expectedVersion: 0 })
      const stored = await readWholeAggregate(provider, stream, aggregateId)
      assert.equal(stored.length, 1, `input rules: a payload ${deepest} levels deep must be stored`)
    },
  },
  {
    name: 'refuses versions and limits out of range with ValidationError',
    async run({ provider: real }) {
      const { provider, calls } = countCalls(real)
      const guarded = guardProvider(provider)
      const stream = randomStream()
      const aggregateId = randomAggregateId()
      await refused(provider, { stream, aggregateId, expectedVersion: 2 ** 31, events: [newEvent({ type: 't' })] }, 'input rules: an expected version of 2^31 must be refused with ValidationError')
      await expectErrorCode(
        () => guarded.readAggregate({ stream, aggregateId, afterVersion: 2 ** 31, limit: 1 }),
        REFUSED,
        'input rules: afterVersion 2^31 must be refused with ValidationError',
      )
      await expectErrorCode(() => guarded.readLog({ streams: [stream], after: '0', limit: 1e12 }), REFUSED, 'input rules: a read limit of 1e12 must be refused with ValidationError')
      assert.equal(calls.append + calls.readAggregate + calls.readLog, 0, 'input rules: refused requests must never reach the provider')
    },
  },
  {
    name: 'refuses a position the provider could never have produced with ValidationError and keeps the bookmark',
    async run({ provider }) {
      const { createHandler, stream } = createCounterDomain(provider)
      const handler = createHandler(randomBookmarkName(), [stream])
      await handler.setPosition('0')
      await expectErrorCode(
        () => handler.setPosition('1'.repeat(60)),
        REFUSED,
        'input rules: setPosition with a 60-digit position must be refused with ValidationError (declare Provider.acceptsPosition)',
      )
      assert.equal(await handler.getPosition(), '0', 'input rules: a refused position must not be stored')
      await handler.runOnce()
    },
  },
  {
    name: 'refuses U+0000 with ValidationError where the provider cannot store it, and writes nothing',
    skipReason: (options) => (options.capabilities?.nulInText === false ? undefined : 'the provider stores U+0000 (see payloads)'),
    async run({ provider }) {
      const stream = randomStream()
      const aggregateId = randomAggregateId()
      await refused(provider, { stream, aggregateId, expectedVersion: 0, events: [newEvent({ type: 't', text: 'a\u0000b' })] }, 'input rules: U+0000 in payload text must be refused')
      await refused(provider, { stream, aggregateId: `${aggregateId}\u0000`, expectedVersion: 0, events: [newEvent({ type: 't' })] }, 'input rules: U+0000 in an id must be refused')
      assert.equal((await readWholeLog(provider, [stream])).length, 0, 'input rules: nothing may be stored')
    },
  },
  {
    name: 'refuses names longer than the provider holds, naming the limit; a handler name when the handler is created',
    skipReason: needsLimits,
    async run({ provider, capabilities }) {
      const limits = capabilities.maxKeyBytes!
      const stream = randomStream()
      if (limits.aggregateId !== undefined) {
        const err = await expectErrorCode(
          () => guardProvider(provider).append({ stream, aggregateId: 'a'.repeat(limits.aggregateId! + 1), expectedVersion: 0, events: [newEvent({ type: 't' })] }),
          REFUSED,
          'input rules: an aggregate id over the declared limit must be refused with ValidationError',
        )
        assert.match(String((err as Error).message), new RegExp(`at most ${limits.aggregateId}`), 'input rules: the error must name the limit')
      }
      if (limits.bookmark !== undefined) {
        const { createHandler } = createCounterDomain(provider, stream)
        assert.throws(
          () => createHandler('h'.repeat(limits.bookmark! + 1), [stream]),
          (err: unknown) => (err as { code?: unknown }).code === REFUSED,
          'input rules: a handler name over the bookmark limit must be refused when the handler is created',
        )
      }
      assert.equal((await readWholeLog(provider, [stream])).length, 0, 'input rules: nothing may be stored')
    },
  },
]
