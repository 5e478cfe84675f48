import assert from 'node:assert/strict'
import { comparePositions } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { assertSameEnvelope, assertStoredEnvelope } from '../support/assert-envelope.js'
import { expectErrorCode } from '../support/expect-error.js'
import { newEvent, numberedEvents } from '../support/new-events.js'
import { randomAggregateId, randomEventId, randomStream } from '../support/random-names.js'
import { readWholeAggregate, readWholeLog } from '../support/read-all.js'

/** Appending and reading back: versions, envelopes, event ids. */
export const appendGroup: ConformanceGroup = {
  name: 'append',
  tests: [
    {
      name: 'appends one event and reads it back',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const event = newEvent({ type: 'opened', owner: 'ada' })
        const [stored] = await provider.append({ stream, aggregateId, expectedVersion: 0, events: [event] })
        assertStoredEnvelope(stored, { stream, aggregateId, version: 1, event }, 'append result')
        const [read, ...rest] = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(rest.length, 0, 'readAggregate: one event was appended, more came back')
        assertSameEnvelope(read, stored, 'readAggregate after append')
        const log = await readWholeLog(provider, [stream], { expected: 1 })
        assert.equal(log.length, 1, `readLog: one event was appended to the stream, got ${log.length}`)
        assertSameEnvelope(log[0], stored, 'readLog after append')
      },
    },
    {
      name: 'assigns versions 1..n across appends',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        let version = 0
        for (const count of [1, 2, 3]) {
          const stored = await provider.append({
            stream,
            aggregateId,
            expectedVersion: version,
            events: numberedEvents(count, 'numbered', version + 1),
          })
          assert.deepStrictEqual(
            stored.map((e) => e.version),
            Array.from({ length: count }, (_, i) => version + i + 1),
            `append at expected version ${version} must return versions ${version + 1}..${version + count}`,
          )
          version += count
        }
        const read = await readWholeAggregate(provider, stream, aggregateId)
        assert.deepStrictEqual(
          read.map((e) => e.version),
          [1, 2, 3, 4, 5, 6],
          'readAggregate must return versions 1..6 in order',
        )
        assert.deepStrictEqual(
          read.map((e) => (e.event as { n: number }).n),
          [1, 2, 3, 4, 5, 6],
          'readAggregate must return the events in the order they were appended',
        )
      },
    },
    {
      name: 'returns the stored envelopes of a multi-event append',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const meta = { correlationId: 'corr-1', causationId: 'cause-1', user: { actor: 'ada', tags: ['a', 'b'] } }
        const events = [newEvent({ type: 'a', n: 1 }, meta), newEvent({ type: 'b', n: 2 }), newEvent({ type: 'c', n: 3 }, meta)]
        const stored = await provider.append({ stream, aggregateId, expectedVersion: 0, events })
        assert.equal(stored.length, 3, `append of 3 events must return 3 envelopes, got ${stored.length}`)
        events.forEach((event, index) =>
          assertStoredEnvelope(stored[index], { stream, aggregateId, version: index + 1, event }, `append result[${index}]`),
        )
        for (let i = 1; i < stored.length; i++) {
          assert.ok(
            comparePositions(stored[i - 1]!.position, stored[i]!.position) < 0,
            `append result: positions must increase in version order (${stored[i - 1]!.position}, ${stored[i]!.position})`,
          )
        }
        const read = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(read.length, 3, 'readAggregate must return the 3 appended events')
        stored.forEach((envelope, index) => assertSameEnvelope(read[index], envelope, `readAggregate[${index}]`))
        const log = await readWholeLog(provider, [stream], { expected: 3 })
        stored.forEach((envelope, index) => assertSameEnvelope(log[index], envelope, `readLog[${index}]`))
      },
    },
    {
      name: 'rejects a reused event id with DuplicateEventError and stores nothing',
      async run({ provider }) {
        const stream = randomStream()
        const first = randomAggregateId()
        const second = randomAggregateId()
        const original = newEvent({ type: 'a' })
        await provider.append({ stream, aggregateId: first, expectedVersion: 0, events: [original] })
        await expectErrorCode(
          () =>
            provider.append({
              stream,
              aggregateId: second,
              expectedVersion: 0,
              events: [{ id: original.id, event: { type: 'b' } }],
            }),
          'DUPLICATE_EVENT',
          'duplicate event id: appending an id that is already stored must throw DuplicateEventError',
        )
        const read = await readWholeAggregate(provider, stream, second)
        assert.equal(read.length, 0, 'duplicate event id: the refused append must store nothing')
        const log = await readWholeLog(provider, [stream], { expected: 1 })
        assert.deepStrictEqual(
          log.map((e) => e.id),
          [original.id],
          'duplicate event id: the log must hold the original event only',
        )
      },
    },
    {
      name: 'rejects a multi-event append with one reused id and stores none of it',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const original = newEvent({ type: 'a' })
        await provider.append({ stream, aggregateId: randomAggregateId(), expectedVersion: 0, events: [original] })
        await expectErrorCode(
          () =>
            provider.append({
              stream,
              aggregateId,
              expectedVersion: 0,
              events: [newEvent({ type: 'fresh' }), { id: original.id, event: { type: 'reused' } }],
            }),
          'DUPLICATE_EVENT',
          'duplicate event id: a multi-event append whose second event reuses an id must throw DuplicateEventError',
        )
        const read = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(
          read.length,
          0,
          `append atomicity: a refused multi-event append must store none of its events, but ${read.length} were stored`,
        )
      },
    },
    {
      name: 'rejects one append that repeats an event id and stores none of it',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const id = randomEventId()
        await expectErrorCode(
          () =>
            provider.append({
              stream,
              aggregateId,
              expectedVersion: 0,
              events: [
                { id, event: { type: 'a' } },
                { id, event: { type: 'b' } },
              ],
            }),
          'DUPLICATE_EVENT',
          'duplicate event id: two events with one id in a single append must throw DuplicateEventError',
        )
        const read = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(read.length, 0, 'append atomicity: the refused append must store nothing')
      },
    },
  ],
}
