import assert from 'node:assert/strict'
import { createCommands } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { expectErrorCode } from '../support/expect-error.js'
import { randomAggregateId } from '../support/random-names.js'
import { readWholeAggregate } from '../support/read-all.js'
import { countCalls, createCounterDomain } from '../support/test-domain.js'
import { inputRuleTests } from './input-rule-tests.js'
import { propertyTest } from './property-test.js'

function cycle(): unknown {
  const value: { type: string; self?: unknown } = { type: 'data' }
  value.self = value
  return value
}

/** Values that are not JSON, each named. */
const NOT_JSON: Array<[label: string, value: () => unknown]> = [
  ['a BigInt', () => 10n],
  ['a function', () => () => 1],
  ['a symbol', () => Symbol('s')],
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['a Date', () => new Date()],
  ['a Map', () => new Map([['a', 1]])],
  ['undefined inside an array', () => [1, undefined]],
  ['a circular reference', cycle],
]

/** Input outside the rules (not JSON, not well-formed, out of range, over the provider's limits) is refused with ValidationError before any I/O. */
export const validationGroup: ConformanceGroup = {
  name: 'rejected input',
  tests: [
    {
      name: 'refuses non-JSON payloads in append with ValidationError and writes nothing',
      async run({ provider: real }) {
        const { provider, calls } = countCalls(real)
        const { counter, stream } = createCounterDomain(provider)
        const aggregateId = randomAggregateId()
        for (const [label, make] of NOT_JSON) {
          await expectErrorCode(
            () => counter.append(aggregateId, [{ type: 'data', value: make() }], { expectedVersion: 0 }),
            'VALIDATION_FAILED',
            `payload validation: a payload holding ${label} must be refused with ValidationError`,
          )
        }
        for (const [label, event] of [
          ['a payload without type', { value: 1 }],
          ['a payload whose type is not a string', { type: 7 }],
          ['a payload that is an array', ['data']],
        ] as const) {
          await expectErrorCode(
            () => counter.append(aggregateId, [event as never], { expectedVersion: 0 }),
            'VALIDATION_FAILED',
            `payload validation: ${label} must be refused with ValidationError`,
          )
        }
        assert.equal(calls.append, 0, `payload validation: refused input must never reach provider.append (called ${calls.append} times)`)
        const stored = await readWholeAggregate(real, stream, aggregateId)
        assert.equal(stored.length, 0, 'payload validation: nothing may be stored for refused input')
      },
    },
    {
      name: 'refuses non-JSON metadata with ValidationError and writes nothing',
      async run({ provider: real }) {
        const { provider, calls } = countCalls(real)
        const { counter, stream } = createCounterDomain(provider)
        const aggregateId = randomAggregateId()
        for (const [label, make] of NOT_JSON) {
          await expectErrorCode(
            () => counter.append(aggregateId, [{ type: 'added', n: 1 }], { expectedVersion: 0, meta: { user: { value: make() as never } } }),
            'VALIDATION_FAILED',
            `metadata validation: metadata holding ${label} must be refused with ValidationError`,
          )
        }
        assert.equal(calls.append, 0, 'metadata validation: refused input must never reach provider.append')
        assert.equal((await readWholeAggregate(real, stream, aggregateId)).length, 0, 'metadata validation: nothing may be stored')
      },
    },
    {
      name: 'refuses non-JSON events returned by a command with ValidationError and writes nothing',
      async run({ provider: real }) {
        const { provider, calls } = countCalls(real)
        const { counter, stream } = createCounterDomain(provider)
        const commands = createCommands(counter, {
          record(cmd: { value: unknown }) {
            return [{ type: 'added' as const, n: 1 }, { type: 'data' as const, value: cmd.value }]
          },
        })
        const aggregateId = randomAggregateId()
        for (const [label, make] of NOT_JSON) {
          await expectErrorCode(
            () => commands.record(aggregateId, { value: make() }),
            'VALIDATION_FAILED',
            `command validation: a command returning an event holding ${label} must be refused with ValidationError`,
          )
        }
        assert.equal(calls.append, 0, 'command validation: refused input must never reach provider.append')
        assert.equal((await readWholeAggregate(real, stream, aggregateId)).length, 0, 'command validation: nothing may be stored')
      },
    },
    ...inputRuleTests,
    propertyTest,
  ],
}
