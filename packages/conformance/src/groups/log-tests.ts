import assert from 'node:assert/strict'
import { comparePositions, type Provider, type StoredEvent } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { numberedEvents } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { readWholeLog } from '../support/read-all.js'

/** Appends `plan` in order ([stream, count] per append, each to a new or reused aggregate); returns what append returned. */
async function appendPlan(provider: Provider, plan: Array<[stream: string, aggregate: string, count: number]>) {
  const versions = new Map<string, number>()
  const stored: StoredEvent[] = []
  for (const [stream, aggregateId, count] of plan) {
    const key = `${stream}/${aggregateId}`
    const expectedVersion = versions.get(key) ?? 0
    stored.push(...(await provider.append({ stream, aggregateId, expectedVersion, events: numberedEvents(count) })))
    versions.set(key, expectedVersion + count)
  }
  return stored
}

/** Two streams, three aggregates, eight events, interleaved. */
async function interleaved(provider: Provider) {
  const [s1, s2] = [randomStream('a'), randomStream('b')]
  const [a, b, c] = [randomAggregateId(), randomAggregateId(), randomAggregateId()]
  const stored = await appendPlan(provider, [
    [s1, a, 1],
    [s2, b, 2],
    [s1, c, 1],
    [s1, a, 2],
    [s2, b, 1],
    [s2, a, 1],
  ])
  return { streams: [s1, s2], stored }
}

const idsOf = (events: StoredEvent[]) => events.map((e) => e.id)

/** The global log: order, positions, paging, stream filter, lower bound. */
export const logGroup: ConformanceGroup = {
  name: 'log',
  tests: [
    {
      name: 'reads the log in append order across streams and aggregates',
      async run({ provider }) {
        const { streams, stored } = await interleaved(provider)
        const log = await readWholeLog(provider, streams, { expected: stored.length })
        assert.deepStrictEqual(idsOf(log), idsOf(stored), 'readLog must return the events of all asked streams in the order they were appended')
        assert.deepStrictEqual(
          log.map((e) => e.position),
          stored.map((e) => e.position),
          'readLog must report the positions append returned',
        )
      },
    },
    {
      name: 'gives every event a strictly increasing position',
      async run({ provider }) {
        const { stored } = await interleaved(provider)
        for (let i = 1; i < stored.length; i++) {
          assert.ok(
            comparePositions(stored[i - 1]!.position, stored[i]!.position) < 0,
            `positions must strictly increase in append order: ${stored[i - 1]!.position} then ${stored[i]!.position}`,
          )
        }
      },
    },
    {
      name: 'pages through the log with limit 1, every event exactly once',
      async run({ provider }) {
        const { streams, stored } = await interleaved(provider)
        const paged = await readWholeLog(provider, streams, { pageSize: 1, expected: stored.length })
        assert.deepStrictEqual(idsOf(paged), idsOf(stored), 'readLog paging with limit 1 must reach every event exactly once, in order')
      },
    },
    {
      name: 'never returns more events than the limit',
      async run({ provider }) {
        const stream = randomStream()
        const stored = await appendPlan(provider, [[stream, randomAggregateId(), 10]])
        const page = await provider.readLog({ streams: [stream], after: '0', limit: 3 })
        assert.ok(page.length <= 3, `readLog limit: asked for at most 3 events, got ${page.length}`)
        const paged = await readWholeLog(provider, [stream], { pageSize: 3, expected: stored.length })
        assert.deepStrictEqual(idsOf(paged), idsOf(stored), 'readLog paging with limit 3 must reach every event exactly once')
      },
    },
    {
      name: 'filters the log by stream',
      async run({ provider }) {
        const [a, b, c] = [randomStream('a'), randomStream('b'), randomStream('c')]
        const id = randomAggregateId()
        const stored = await appendPlan(provider, [
          [a, id, 2],
          [b, id, 2],
          [c, id, 1],
          [b, randomAggregateId(), 1],
          [a, id, 1],
        ])
        const expectedAC = stored.filter((e) => e.stream !== b)
        const ac = await readWholeLog(provider, [a, c], { expected: expectedAC.length })
        assert.deepStrictEqual(idsOf(ac), idsOf(expectedAC), 'readLog stream filter: reading [a, c] must give every event of a and c and none of b')
        const expectedB = stored.filter((e) => e.stream === b)
        const onlyB = await readWholeLog(provider, [b], { expected: expectedB.length })
        assert.deepStrictEqual(idsOf(onlyB), idsOf(expectedB), 'readLog stream filter: reading [b] must give exactly the events of b')
      },
    },
    {
      name: 'reads strictly after the given position',
      async run({ provider }) {
        const stream = randomStream()
        const stored = await appendPlan(provider, [
          [stream, randomAggregateId(), 2],
          [stream, randomAggregateId(), 3],
        ])
        const after = stored[1]!.position
        const rest = await readWholeLog(provider, [stream], { after, expected: 3 })
        assert.deepStrictEqual(idsOf(rest), idsOf(stored.slice(2)), `readLog after ${after} must start with the next event, not at it`)
        const none = await provider.readLog({ streams: [stream], after: stored[4]!.position, limit: 10 })
        assert.equal(none.length, 0, 'readLog after the last position of a stream must return nothing')
      },
    },
    {
      name: "reads from '0' starting with the first event",
      async run({ provider }) {
        const stream = randomStream()
        const stored = await appendPlan(provider, [
          [stream, randomAggregateId(), 1],
          [stream, randomAggregateId(), 1],
        ])
        const [first] = await readWholeLog(provider, [stream], { pageSize: 1, expected: 1 })
        assert.equal(first?.id, stored[0]!.id, "readLog after '0' must return the stream's first event first")
        const all = await readWholeLog(provider, [stream], { expected: 2 })
        assert.deepStrictEqual(idsOf(all), idsOf(stored), "readLog after '0' must return every event of the stream")
      },
    },
  ],
}
