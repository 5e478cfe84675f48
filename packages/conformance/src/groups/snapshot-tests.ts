import assert from 'node:assert/strict'
import { createAggregate, createDomain, type AggregateSnapshot, type Provider } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import type { ConformanceOptions } from '../options.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { counterAggregate, type CounterEvent, type CounterState } from '../support/test-domain.js'

const skipReason = (options: ConformanceOptions) =>
  options.capabilities?.snapshots === true ? undefined : 'the provider does not store snapshots (capabilities.snapshots is not true)'

function snapshotMethods(provider: Provider): Required<Pick<Provider, 'readSnapshot' | 'writeSnapshot'>> {
  const { readSnapshot, writeSnapshot } = provider
  assert.ok(
    typeof readSnapshot === 'function' && typeof writeSnapshot === 'function',
    'snapshots: a provider with capabilities.snapshots must have readSnapshot and writeSnapshot',
  )
  return { readSnapshot: readSnapshot.bind(provider), writeSnapshot: writeSnapshot.bind(provider) }
}

/** The counter aggregate, snapshotting every `every` versions under `key`. */
function snapshotted(stream: string, key: string, every: number) {
  const plain = counterAggregate(stream)
  return createAggregate<CounterEvent, CounterState, string>({ ...plain, snapshot: { key, every } })
}

/** Aggregate snapshots, an optional capability: stored, replaced, read before the events after them. */
export const snapshotGroup: ConformanceGroup = {
  name: 'snapshots',
  tests: [
    {
      name: 'snapshots: none for an unknown aggregate; one reads back as written; a later write replaces it',
      skipReason,
      async run({ provider }) {
        const { readSnapshot, writeSnapshot } = snapshotMethods(provider)
        const [stream, aggregateId] = [randomStream('snap'), randomAggregateId()]
        assert.equal(await readSnapshot({ stream, aggregateId }), undefined, 'snapshots: an aggregate without one must read as undefined')
        const first: AggregateSnapshot = {
          stream,
          aggregateId,
          key: 'v1',
          version: 3,
          state: { total: 1.5, notes: ['ünïcödé ✓', ''], nested: { deep: [[], { n: null }] }, empty: {} },
        }
        await writeSnapshot(first)
        assert.deepStrictEqual(await readSnapshot({ stream, aggregateId }), first, 'snapshots: readSnapshot must return the snapshot written, JSON round-tripped')
        const other = { stream, aggregateId: randomAggregateId() }
        assert.equal(await readSnapshot(other), undefined, 'snapshots: a snapshot belongs to its own aggregate only')
        assert.equal(await readSnapshot({ stream: randomStream('snap'), aggregateId }), undefined, 'snapshots: a snapshot belongs to its own stream only')
        const second: AggregateSnapshot = { stream, aggregateId, key: 'v2', version: 7, state: { total: 9 } }
        await writeSnapshot(second)
        assert.deepStrictEqual(await readSnapshot({ stream, aggregateId }), second, 'snapshots: a later write must replace the snapshot (one per aggregate)')
      },
    },
    {
      name: 'snapshots: an aggregate loaded from its snapshot equals one folded from its first event',
      skipReason,
      async run({ provider }) {
        const { readSnapshot } = snapshotMethods(provider)
        const stream = randomStream('snap')
        const id = randomAggregateId()
        const { domain } = createDomain({ provider, cacheSize: 0 }, { counter: snapshotted(stream, 'k1', 4) })
        let version = 0
        for (let n = 1; n <= 10; n++) {
          const events: CounterEvent[] = n % 3 === 0 ? [{ type: 'noted', text: `note ${n}` }, { type: 'added', n }] : [{ type: 'added', n }]
          version = (await domain.counter.append(id, events, { expectedVersion: version })).at(-1)!.version
        }
        // A load folds every event and stores a snapshot (more than 4 events since none); the next loads start from it.
        const first = await domain.counter.getAggregate(id)
        const stored = await readSnapshot({ stream, aggregateId: id })
        assert.equal(stored?.version, version, `snapshots: the load that folded ${version} events must store a snapshot at version ${version}`)
        await domain.counter.append(id, [{ type: 'added', n: 100 }, { type: 'noted', text: 'after' }], { expectedVersion: version })
        const fromSnapshot = await domain.counter.getAggregate(id)
        const plain = createDomain({ provider, cacheSize: 0 }, { counter: counterAggregate(stream) }).domain
        const fromZero = await plain.counter.getAggregate(id)
        assert.deepStrictEqual(fromSnapshot, fromZero, 'snapshots: the state loaded from a snapshot must equal the state folded from the first event')
        assert.equal(fromZero.version, version + 2)
        assert.notDeepStrictEqual(first, fromZero, 'the test must fold events after the snapshot')
      },
    },
    {
      name: 'snapshots: a snapshot with another key is ignored',
      skipReason,
      async run({ provider }) {
        const { writeSnapshot } = snapshotMethods(provider)
        const stream = randomStream('snap')
        const id = randomAggregateId()
        const { domain } = createDomain({ provider, cacheSize: 0 }, { counter: snapshotted(stream, 'current', 1000) })
        await domain.counter.append(id, [{ type: 'added', n: 2 }, { type: 'added', n: 3 }], { expectedVersion: 0 })
        // Written by an older fold: same aggregate, a later version, a state that is wrong now.
        await writeSnapshot({ stream, aggregateId: id, key: 'old', version: 2, state: { total: 999, count: 1, notes: ['old'] } })
        const loaded = await domain.counter.getAggregate(id)
        assert.deepStrictEqual(
          loaded,
          { total: 5, count: 2, notes: [], aggregateId: id, version: 2 },
          'snapshots: a snapshot whose key is not the aggregate key must be ignored (folded from the first event)',
        )
      },
    },
  ],
}
