import assert from 'node:assert/strict'
import { comparePositions, isVersionConflictError, type StoredEvent } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import type { StressOptions } from '../options.js'
import { catchUp, idsOf } from '../support/handler-fixture.js'
import { lateCommitTest } from './late-commit-test.js'
import { randomAggregateId, randomBookmarkName } from '../support/random-names.js'
import { racingProviders } from '../support/racing-providers.js'
import { readWholeLog } from '../support/read-all.js'
import { createCounterDomain } from '../support/test-domain.js'
import { sleep } from '../support/wait-for.js'

type Counter = ReturnType<typeof createCounterDomain>['counter']

/** Appends to an aggregate others also write to: reload and retry on a version conflict. */
async function appendShared(counter: Counter, aggregateId: string, events: Array<{ type: 'added'; n: number }>) {
  for (let attempt = 0; ; attempt++) {
    const { version } = await counter.getAggregate(aggregateId)
    try {
      return await counter.append(aggregateId, events, { expectedVersion: version })
    } catch (err) {
      if (!isVersionConflictError(err) || attempt >= 200) throw err
      await sleep(Math.random() * 3)
    }
  }
}

async function writer(counter: Counter, index: number, stress: Required<StressOptions>, shared: string[]) {
  const own = randomAggregateId()
  let ownVersion = 0
  let appended = 0
  for (let i = 0; i < stress.appendsPerWriter; i++) {
    const events = Array.from({ length: 1 + ((index + i) % 3) }, (_, k) => ({ type: 'added' as const, n: index * 1000 + i * 10 + k }))
    if (i % 2 === 0 || shared.length === 0) {
      await counter.append(own, events, { expectedVersion: ownVersion })
      ownVersion += events.length
    } else {
      await appendShared(counter, shared[(index + i) % shared.length]!, events)
    }
    appended += events.length
  }
  return appended
}

/** Ordering under concurrency (DESIGN §4 b): a handler running alongside many writers sees every event once, in order. */
export const orderingGroup: ConformanceGroup = {
  name: 'ordering',
  tests: [
    lateCommitTest,
    {
      name: 'a handler running during concurrent appends sees every event exactly once, in order',
      slow: true,
      async run(context) {
        const { provider, options } = context
        const stress: Required<StressOptions> = {
          writers: options.stress?.writers ?? 16,
          appendsPerWriter: options.stress?.appendsPerWriter ?? 8,
          sharedAggregates: options.stress?.sharedAggregates ?? 3,
        }
        const { createHandler, stream } = createCounterDomain(provider)
        const counters = (await racingProviders(context)).map((each) => createCounterDomain(each, stream).counter)
        const shared = Array.from({ length: stress.sharedAggregates }, () => randomAggregateId())
        const seen: StoredEvent[] = []
        const handler = createHandler(randomBookmarkName(), [stream], { batchSize: 5, tailInterval: 10 })
        handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push(envelope))
        let writing = true
        let readerError: unknown
        const reader = (async () => {
          while (writing) {
            await handler.runOnce()
            await sleep(1)
          }
        })().catch((err: unknown) => void (readerError = err ?? new Error('runOnce failed')))
        let total = 0
        try {
          const counts = await Promise.all(Array.from({ length: stress.writers }, (_, i) => writer(counters[i % counters.length]!, i, stress, shared)))
          total = counts.reduce((a, b) => a + b, 0)
        } finally {
          writing = false
          await reader
        }
        if (readerError !== undefined) throw readerError
        const log = await readWholeLog(provider, [stream], { expected: total })
        await catchUp(handler, () => seen.length >= log.length)
        assert.equal(log.length, total, `ordering: ${total} events were appended, the log holds ${log.length}`)
        const seenIds = idsOf(seen)
        const duplicates = seenIds.length - new Set(seenIds).size
        assert.equal(duplicates, 0, `ordering: the handler handled ${duplicates} events more than once`)
        const logIds = new Set(idsOf(log))
        const seenSet = new Set(seenIds)
        const missed = log.filter((e) => !seenSet.has(e.id))
        assert.equal(
          missed.length,
          0,
          `ordering: the handler skipped ${missed.length} of ${total} events (e.g. position ${missed[0]?.position}): a late commit was read past`,
        )
        assert.equal(seenIds.filter((id) => !logIds.has(id)).length, 0, 'ordering: the handler saw events that are not in the log')
        for (let i = 1; i < seen.length; i++) {
          assert.ok(
            comparePositions(seen[i - 1]!.position, seen[i]!.position) < 0,
            `ordering: the handler saw position ${seen[i]!.position} after ${seen[i - 1]!.position}; positions must strictly increase`,
          )
        }
        assert.deepStrictEqual(seenIds, idsOf(log), 'ordering: the handler must see exactly the log, in log order')
      },
    },
  ],
}
