import assert from 'node:assert/strict'
import type { StoredEvent } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { expectErrorCode } from '../support/expect-error.js'
import { catchUp, FAST_HANDLER, handlerFixture, idsOf } from '../support/handler-fixture.js'
import { randomAggregateId, randomBookmarkName } from '../support/random-names.js'
import { readWholeLog } from '../support/read-all.js'
import { createThreeStreamDomain } from '../support/test-domain.js'
import { sleep, waitFor } from '../support/wait-for.js'
import { handlerErrorTests } from './handler-error-tests.js'
import { pushTests } from './push-tests.js'

/** Handlers through createDomain/createHandler: catch-up, bookmarks, routing, tail mode, replay, errors, stop. */
export const handlerGroup: ConformanceGroup = {
  name: 'handlers',
  tests: [
    {
      name: 'catches up on events appended before it ran',
      async run({ provider }) {
        const { createHandler, stream, stored, name } = await handlerFixture(provider, 5)
        const seen: StoredEvent[] = []
        const handler = createHandler(name, [stream], FAST_HANDLER)
        handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope))
        const result = await catchUp(handler, () => seen.length >= 5)
        assert.deepStrictEqual(idsOf(seen), idsOf(stored), 'handler catch-up: runOnce must handle every stored event once, in order')
        assert.equal(result.handled, 5, `handler catch-up: runOnce must report 5 handled events, got ${result.handled}`)
        assert.equal(result.position, stored[4]!.position, 'handler catch-up: runOnce must report the last position')
        assert.equal(await handler.getPosition(), stored[4]!.position, 'handler catch-up: the bookmark must be at the last event')
      },
    },
    {
      name: 'does not handle an event twice when run again',
      async run({ provider }) {
        const { createHandler, counter, stream, name, ids, versions } = await handlerFixture(provider, 3)
        const seen: string[] = []
        const first = createHandler(name, [stream], FAST_HANDLER)
        first.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        await catchUp(first, () => seen.length >= 3)
        const again = await first.runOnce()
        assert.equal(again.handled, 0, `handler bookmark: a second runOnce must handle nothing, it handled ${again.handled}`)
        const second = createHandler(name, [stream], FAST_HANDLER)
        second.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        const fresh = await second.runOnce()
        assert.equal(fresh.handled, 0, `handler bookmark: a new handler with the same name must resume from the saved bookmark, it handled ${fresh.handled}`)
        const [late] = await counter.append(ids[0]!, [{ type: 'added', n: 99 }], { expectedVersion: versions[0]! })
        const next = await catchUp(second, () => seen.length >= 4)
        assert.equal(next.handled, 1, 'handler bookmark: after one more append, runOnce must handle exactly that event')
        assert.equal(seen.length, 4, `handler bookmark: 4 events were stored, the handlers saw ${seen.length}`)
        assert.equal(new Set(seen).size, 4, 'handler bookmark: an event was handled twice')
        assert.equal(seen[3], late!.id, 'handler bookmark: the last event handled must be the late one')
      },
    },
    {
      name: 'routes events by stream and type',
      async run({ provider }) {
        const { streams, domain, createHandler } = createThreeStreamDomain(provider)
        const id = randomAggregateId()
        await domain.left.append(id, [{ type: 'added', n: 1 }, { type: 'noted', text: 'left' }], { expectedVersion: 0 })
        await domain.other.append(id, [{ type: 'added', n: 2 }], { expectedVersion: 0 })
        await domain.right.append(id, [{ type: 'added', n: 3 }, { type: 'noted', text: 'right' }], { expectedVersion: 0 })
        const seen: string[] = []
        const handler = createHandler(randomBookmarkName(), [streams.left, streams.right], FAST_HANDLER)
        handler.handle(streams.left, 'added', (_id, event, envelope) => void seen.push(`left:${event.type}:${envelope.stream === streams.left}`))
        handler.handle(streams.right, 'added', (_id, event) => void seen.push(`right:${event.type}`))
        handler.handle(streams.right, 'noted', (_id, event) => void seen.push(`right:${event.type}:${event.text}`))
        await catchUp(handler, () => seen.length >= 3)
        assert.deepStrictEqual(
          seen,
          ['left:added:true', 'right:added', 'right:noted:right'],
          'handler routing: each event must reach the function registered for its stream and type, in log order, and no other',
        )
        await expectErrorCode(
          () => handler.handle(streams.other as never, 'added' as never, () => undefined),
          'VALIDATION_FAILED',
          'handler routing: handle() for a stream the handler does not read must throw ValidationError',
        )
      },
    },
    {
      name: 'startAtEnd: a handler without a bookmark starts at the end; a saved bookmark, reset() and setPosition() win',
      async run({ provider }) {
        const { createHandler, counter, stream, stored, name, ids, versions } = await handlerFixture(provider, 3)
        // On a shared database another transaction may briefly hold the log back: the end a
        // handler finds is the end it can see, so wait until the three events are readable.
        await readWholeLog(provider, [stream], { expected: 3 })
        const seen: string[] = []
        const tailing = createHandler(name, [stream], { ...FAST_HANDLER, startAtEnd: true })
        tailing.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        const first = await tailing.runOnce()
        assert.equal(first.handled, 0, `startAtEnd: the first run must skip the 3 events stored before it, it handled ${first.handled}`)
        assert.equal(await tailing.getPosition(), stored[2]!.position, 'startAtEnd: the bookmark must be saved at the last stored event')
        const [late] = await counter.append(ids[0]!, [{ type: 'added', n: 4 }], { expectedVersion: versions[0]! })
        await catchUp(tailing, () => seen.length >= 1)
        assert.deepStrictEqual(seen, [late!.id], 'startAtEnd: after the first run, the handler must handle exactly the event appended later')
        // Another process with the same name resumes from the saved bookmark: nothing is skipped.
        const [later] = await counter.append(ids[0]!, [{ type: 'added', n: 5 }], { expectedVersion: versions[0]! + 1 })
        const resumed: string[] = []
        const again = createHandler(name, [stream], { ...FAST_HANDLER, startAtEnd: true })
        again.handle(stream, 'added', (_id, _event, envelope) => void resumed.push(envelope.id))
        await catchUp(again, () => resumed.length >= 1)
        assert.deepStrictEqual(resumed, [later!.id], 'startAtEnd: a handler that has a bookmark must resume from it, not jump to the end')
        // setPosition() and reset() are the user's choice of start and override it.
        const chosen: string[] = []
        const positioned = createHandler(`${name}-p`, [stream], { ...FAST_HANDLER, startAtEnd: true })
        positioned.handle(stream, 'added', (_id, _event, envelope) => void chosen.push(envelope.id))
        await positioned.setPosition(stored[0]!.position)
        await catchUp(positioned, () => chosen.length >= 4)
        assert.deepStrictEqual(chosen, [stored[1]!.id, stored[2]!.id, late!.id, later!.id], 'startAtEnd: setPosition() before the first run must be honoured')
        await positioned.reset()
        chosen.length = 0
        await catchUp(positioned, () => chosen.length >= 5)
        assert.equal(chosen.length, 5, `startAtEnd: reset() must replay all 5 events, the handler saw ${chosen.length}`)
      },
    },
    {
      name: 'tail mode: start() handles events appended later, stop() ends it',
      slow: true,
      async run({ provider }) {
        const { createHandler, counter, stream, name, ids, versions } = await handlerFixture(provider, 2)
        const seen: string[] = []
        const handler = createHandler(name, [stream], FAST_HANDLER)
        handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        handler.start()
        try {
          await waitFor(() => seen.length === 2, 5000, 'tail mode: start() must catch up on the 2 stored events')
          const [late] = await counter.append(ids[0]!, [{ type: 'added', n: 3 }], { expectedVersion: versions[0]! })
          await waitFor(() => seen.includes(late!.id), 5000, 'tail mode: an event appended after start() must be handled')
        } finally {
          await handler.stop()
        }
        assert.equal(handler.running, false, 'tail mode: after stop() resolves the handler must no longer be running')
        const [after] = await counter.append(ids[1]!, [{ type: 'added', n: 4 }], { expectedVersion: versions[1]! })
        await sleep(FAST_HANDLER.tailInterval * 8)
        assert.equal(seen.length, 3, `tail mode: after stop() no event may be handled; saw ${seen.length} events, expected 3`)
        const resumed = await catchUp(handler, () => seen.length >= 4)
        assert.equal(
          resumed.handled,
          1,
          `tail mode: runOnce() after stop() must handle exactly the one event appended since (the bookmark must be saved), it handled ${resumed.handled}`,
        )
        assert.deepStrictEqual(seen.slice(3), [after!.id], 'tail mode: runOnce() after stop() must handle the event appended after stop()')
      },
    },
    {
      name: 'reset() and setPosition() replay events',
      async run({ provider }) {
        const { createHandler, stream, stored, name } = await handlerFixture(provider, 3)
        const seen: string[] = []
        const handler = createHandler(name, [stream], FAST_HANDLER)
        handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        await catchUp(handler, () => seen.length >= 3)
        await handler.reset()
        assert.equal(await handler.getPosition(), '0', "handler reset: the bookmark must be back at '0'")
        await catchUp(handler, () => seen.length >= 6)
        assert.deepStrictEqual(seen, [...idsOf(stored), ...idsOf(stored)], 'handler reset: runOnce after reset must replay every event in order')
        await handler.setPosition(stored[0]!.position)
        seen.length = 0
        await catchUp(handler, () => seen.length >= 2)
        assert.deepStrictEqual(seen, idsOf(stored.slice(1)), 'handler setPosition: runOnce must resume right after the position set')
      },
    },
    ...handlerErrorTests,
    ...pushTests,
    {
      name: 'handles a log shared with other streams without losing events',
      async run({ provider }) {
        const { streams, domain, createHandler } = createThreeStreamDomain(provider)
        for (let i = 0; i < 6; i++) {
          const id = randomAggregateId()
          await domain.other.append(id, [{ type: 'added', n: i }], { expectedVersion: 0 })
          await domain.left.append(id, [{ type: 'added', n: i }, { type: 'added', n: -i }], { expectedVersion: 0 })
        }
        const seen: string[] = []
        const handler = createHandler(randomBookmarkName(), [streams.left], { ...FAST_HANDLER, batchSize: 1 })
        handler.handle(streams.left, 'added', (_id, _event, envelope) => void seen.push(envelope.id))
        await catchUp(handler, () => seen.length >= 12)
        const log = await readWholeLog(provider, [streams.left], { expected: 12 })
        assert.deepStrictEqual(seen, idsOf(log), 'handler with batchSize 1 must see exactly the log of its stream, in order')
      },
    },
  ],
}
