import assert from 'node:assert/strict'
import type { NewEvent, Provider, StoredEvent } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { assertErrorCode, expectErrorCode } from '../support/expect-error.js'
import { newEvent, numberedEvents } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { racingProviders } from '../support/racing-providers.js'
import { readWholeAggregate } from '../support/read-all.js'
import type { TestContext } from '../test-context.js'

interface Attempt {
  expectedVersion: number
  events: NewEvent[]
}

/** Starts all attempts at once on one aggregate, spread over `providers`; returns each one's outcome. */
async function race(providers: Provider[], stream: string, aggregateId: string, attempts: Attempt[]) {
  return Promise.allSettled(
    attempts.map((attempt, index) => providers[index % providers.length]!.append({ stream, aggregateId, ...attempt })),
  )
}

async function exactlyOneWins(context: TestContext, startVersion: number): Promise<void> {
  const { provider } = context
  const providers = await racingProviders(context)
  const stream = randomStream()
  const aggregateId = randomAggregateId()
  if (startVersion > 0) await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(startVersion) })
  const attempts = Array.from({ length: 10 }, (_, racer) => ({
    expectedVersion: startVersion,
    events: [newEvent({ type: 'raced', racer }), newEvent({ type: 'raced-again', racer })],
  }))
  const outcomes = await race(providers, stream, aggregateId, attempts)
  const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []))
  assert.equal(
    winners.length,
    1,
    `version check: 10 appends raced at expected version ${startVersion}; exactly one may win, ${winners.length} did`,
  )
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') {
      assertErrorCode(outcome.reason, 'VERSION_CONFLICT', 'version check: a losing racer must get VersionConflictError')
    }
  }
  const stored = await readWholeAggregate(provider, stream, aggregateId)
  const winner = attempts[winners[0]!]!
  assert.deepStrictEqual(
    stored.slice(startVersion).map((e) => e.id),
    winner.events.map((e) => e.id),
    'version check: the aggregate must hold exactly the winning append after the race',
  )
}

/** Checks that the stored events are exactly the successful appends, each whole and in order. */
function assertWholeAppends(stored: StoredEvent[], attempts: Attempt[], outcomes: PromiseSettledResult<unknown>[]) {
  const storedIds = stored.map((e) => e.id)
  const positionOf = new Map(storedIds.map((id, index) => [id, index]))
  outcomes.forEach((outcome, index) => {
    const ids = attempts[index]!.events.map((e) => e.id)
    const found = ids.filter((id) => positionOf.has(id))
    if (outcome.status === 'rejected') {
      assertErrorCode(outcome.reason, 'VERSION_CONFLICT', 'racing appends: a failed append must fail with VersionConflictError')
      assert.equal(
        found.length,
        0,
        `append atomicity: append #${index} (${ids.length} events) failed but ${found.length} of its events were stored`,
      )
    } else {
      assert.equal(found.length, ids.length, `append atomicity: append #${index} succeeded but only ${found.length} of its ${ids.length} events are stored`)
      const start = positionOf.get(ids[0]!)!
      assert.deepStrictEqual(
        storedIds.slice(start, start + ids.length),
        ids,
        `append atomicity: the events of append #${index} must be stored together, in order`,
      )
    }
  })
  assert.deepStrictEqual(
    stored.map((e) => e.version),
    stored.map((_, index) => index + 1),
    'versions must stay contiguous (1..n) after racing appends',
  )
}

/** Version checks: stale and future expected versions, racing writers, atomic multi-event appends. */
export const concurrencyGroup: ConformanceGroup = {
  name: 'concurrency',
  tests: [
    {
      name: 'rejects a stale expected version with VersionConflictError and stores nothing',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(2) })
        for (const expectedVersion of [0, 1]) {
          const err = await expectErrorCode(
            () => provider.append({ stream, aggregateId, expectedVersion, events: [newEvent({ type: 'stale' })] }),
            'VERSION_CONFLICT',
            `version check: appending at expected version ${expectedVersion} to an aggregate at version 2 must throw VersionConflictError`,
          )
          const details = err as { stream?: unknown; aggregateId?: unknown; expectedVersion?: unknown }
          assert.equal(details.stream, stream, 'VersionConflictError.stream must name the stream')
          assert.equal(details.aggregateId, aggregateId, 'VersionConflictError.aggregateId must name the aggregate')
          assert.equal(details.expectedVersion, expectedVersion, 'VersionConflictError.expectedVersion must be the one asked for')
        }
        const stored = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(stored.length, 2, `version check: a refused append must store nothing; the aggregate has ${stored.length} events, expected 2`)
      },
    },
    {
      name: 'rejects an expected version above the current one (no gaps)',
      async run({ provider }) {
        const stream = randomStream()
        const fresh = randomAggregateId()
        await expectErrorCode(
          () => provider.append({ stream, aggregateId: fresh, expectedVersion: 1, events: [newEvent({ type: 'gap' })] }),
          'VERSION_CONFLICT',
          'version gap: appending at expected version 1 to an unknown aggregate must throw VersionConflictError',
        )
        const aggregateId = randomAggregateId()
        await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(1) })
        for (const expectedVersion of [2, 5]) {
          await expectErrorCode(
            () => provider.append({ stream, aggregateId, expectedVersion, events: [newEvent({ type: 'gap' })] }),
            'VERSION_CONFLICT',
            `version gap: appending at expected version ${expectedVersion} to an aggregate at version 1 must throw VersionConflictError`,
          )
        }
        assert.equal((await readWholeAggregate(provider, stream, fresh)).length, 0, 'version gap: nothing may be stored')
        const stored = await readWholeAggregate(provider, stream, aggregateId)
        assert.deepStrictEqual(stored.map((e) => e.version), [1], 'version gap: the aggregate must still hold version 1 only')
      },
    },
    {
      name: 'rejects a conflicting multi-event append and stores none of it',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(1) })
        await expectErrorCode(
          () => provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(3, 'late') }),
          'VERSION_CONFLICT',
          'version check: a 3-event append at a stale version must throw VersionConflictError',
        )
        const stored = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(stored.length, 1, `append atomicity: the refused append must store none of its 3 events; found ${stored.length - 1}`)
      },
    },
    {
      name: 'racing appends to a new aggregate: exactly one wins',
      async run(context) {
        await exactlyOneWins(context, 0)
      },
    },
    {
      name: 'racing appends to an existing aggregate: exactly one wins',
      async run(context) {
        await exactlyOneWins(context, 2)
      },
    },
    {
      name: 'racing multi-event appends are stored whole or not at all',
      async run(context) {
        const { provider } = context
        const providers = await racingProviders(context)
        for (let round = 0; round < 5; round++) {
          const stream = randomStream()
          const aggregateId = randomAggregateId()
          // One 3-event append at version 0 races single-event appends aimed at versions 0..3:
          // a store that writes event by event lets a single append slip in between.
          const attempts: Attempt[] = [{ expectedVersion: 0, events: numberedEvents(3, 'bulk') }]
          for (let version = 0; version <= 3; version++) {
            attempts.push({ expectedVersion: version, events: [newEvent({ type: 'single', version })] })
          }
          const outcomes = await race(providers, stream, aggregateId, attempts)
          assertWholeAppends(await readWholeAggregate(provider, stream, aggregateId), attempts, outcomes)
        }
      },
    },
  ],
}
