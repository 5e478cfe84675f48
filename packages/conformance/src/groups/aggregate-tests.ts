import assert from 'node:assert/strict'
import type { ConformanceGroup } from '../define-group.js'
import { numberedEvents } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { readWholeAggregate } from '../support/read-all.js'
import { createCounterDomain } from '../support/test-domain.js'

/** Reading aggregates: unknown ones, folding, isolation, paging by version. */
export const aggregateGroup: ConformanceGroup = {
  name: 'aggregates',
  tests: [
    {
      name: 'gives an unknown aggregate version 0 and the create() state',
      async run({ provider }) {
        const { counter } = createCounterDomain(provider)
        const aggregateId = randomAggregateId()
        const state = await counter.getAggregate(aggregateId)
        assert.equal(state.version, 0, 'an unknown aggregate must have version 0')
        assert.equal(state.aggregateId, aggregateId, 'getAggregate must report the aggregate id asked for')
        assert.deepStrictEqual(
          { total: state.total, count: state.count, notes: state.notes },
          { total: 0, count: 0, notes: [] },
          'an unknown aggregate must have the state create() returns',
        )
        assert.deepStrictEqual(await counter.getEvents(aggregateId), [], 'an unknown aggregate has no events')
      },
    },
    {
      name: 'folds stored events into the aggregate state',
      async run({ provider }) {
        const { counter } = createCounterDomain(provider)
        const aggregateId = randomAggregateId()
        await counter.append(aggregateId, [{ type: 'added', n: 5 }, { type: 'noted', text: 'hi' }], { expectedVersion: 0 })
        await counter.append(aggregateId, [{ type: 'added', n: -2 }], { expectedVersion: 2 })
        const state = await counter.getAggregate(aggregateId)
        assert.equal(state.version, 3, 'getAggregate must report the version of the last event')
        assert.deepStrictEqual(
          { total: state.total, count: state.count, notes: state.notes },
          { total: 3, count: 3, notes: ['hi'] },
          'getAggregate must fold every stored event, in version order',
        )
      },
    },
    {
      name: 'keeps aggregates apart by stream and by id',
      async run({ provider }) {
        const [s1, s2] = [randomStream('a'), randomStream('b')]
        const [id, other] = [randomAggregateId(), randomAggregateId()]
        await provider.append({ stream: s1, aggregateId: id, expectedVersion: 0, events: numberedEvents(2, 's1') })
        await provider.append({ stream: s2, aggregateId: id, expectedVersion: 0, events: numberedEvents(1, 's2') })
        await provider.append({ stream: s1, aggregateId: other, expectedVersion: 0, events: numberedEvents(3, 'other') })
        const read = async (stream: string, aggregateId: string) =>
          (await readWholeAggregate(provider, stream, aggregateId)).map((e) => (e.event as { type: string }).type)
        assert.deepStrictEqual(await read(s1, id), ['s1', 's1'], 'aggregate isolation: s1/id must hold only its own 2 events')
        assert.deepStrictEqual(await read(s2, id), ['s2'], 'aggregate isolation: the same id in another stream is another aggregate')
        assert.deepStrictEqual(await read(s1, other), ['other', 'other', 'other'], 'aggregate isolation: another id is another aggregate')
        const domainA = createCounterDomain(provider, s1).counter
        const domainB = createCounterDomain(provider, s2).counter
        assert.equal((await domainA.getAggregate(id)).version, 2, 'aggregate isolation: versions are counted per stream and id')
        assert.equal((await domainB.getAggregate(id)).version, 1, 'aggregate isolation: versions are counted per stream and id')
      },
    },
    {
      name: 'reads one aggregate after a version, in pages',
      async run({ provider }) {
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const stored = await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(5) })
        const page = await provider.readAggregate({ stream, aggregateId, afterVersion: 2, limit: 2 })
        assert.ok(page.length <= 2, `readAggregate limit: asked for at most 2 events, got ${page.length}`)
        assert.ok(page.length > 0, 'readAggregate after version 2 of 5 must return something')
        assert.deepStrictEqual(
          page.map((e) => e.version),
          [3, 4].slice(0, page.length),
          'readAggregate must start right after afterVersion, ascending',
        )
        const all = await readWholeAggregate(provider, stream, aggregateId, 1)
        assert.deepStrictEqual(
          all.map((e) => e.id),
          stored.map((e) => e.id),
          'readAggregate paging with limit 1 must reach every event exactly once',
        )
        const none = await provider.readAggregate({ stream, aggregateId, afterVersion: 5, limit: 10 })
        assert.equal(none.length, 0, 'readAggregate after the last version must return nothing')
      },
    },
    {
      name: 'returns full aggregate pages when it promises them (capabilities.fullAggregatePages)',
      async run({ provider }) {
        const promised = provider.capabilities?.fullAggregatePages
        if (promised === undefined) return // no promise made: core reads until an empty page
        assert.ok(Number.isSafeInteger(promised) && promised >= 1, `capabilities.fullAggregatePages must be a page size >= 1, got ${String(promised)}`)
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        const count = 7
        await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(4) })
        await provider.append({ stream, aggregateId, expectedVersion: 4, events: numberedEvents(3) })
        for (const afterVersion of [0, 3, 4, 6, 7]) {
          for (const limit of [1, 2, 5, 9]) {
            const page = await provider.readAggregate({ stream, aggregateId, afterVersion, limit })
            const expected = Math.min(limit, promised, count - afterVersion)
            assert.equal(
              page.length,
              expected,
              `full aggregate pages: the provider promises pages of up to ${promised} events, so readAggregate(afterVersion ${afterVersion}, limit ${limit}) over ${count} events must return ${expected} (core stops at a shorter page and would miss events), got ${page.length}`,
            )
          }
        }
      },
    },
  ],
}
