import type { ReadAggregateRequest, StoredEvent } from '@evtstore/core'
import { commitEnvelopes, type CommitDocument } from './commit-document.js'
import { CONCERNS } from './concerns.js'
import type { StoreCollections } from './store-collections.js'
import { assertWellFormed } from './well-formed.js'

/**
 * Reads one aggregate's events after a version, ascending: the commits whose last
 * version is after it (index `<events>_aggregate`), split into events and cut at
 * `limit`. Majority read concern, like every read that hands out events.
 *
 * @example
 * ```ts
 * const events = await readAggregate(store, { stream: 'account', aggregateId: 'a-1', afterVersion: 0, limit: 100 })
 * ```
 */
export async function readAggregate(
  store: () => Promise<StoreCollections>,
  request: ReadAggregateRequest,
): Promise<StoredEvent[]> {
  assertWellFormed(request.stream, 'stream')
  assertWellFormed(request.aggregateId, 'aggregateId')
  const { events } = await store()
  const commits: CommitDocument[] = await events
    .find(
      { s: request.stream, a: request.aggregateId, w: { $gt: request.afterVersion } },
      { sort: { w: 1 }, limit: request.limit, batchSize: request.limit, ...CONCERNS.read },
    )
    .toArray()
  const page: StoredEvent[] = []
  for (const commit of commits) {
    for (const event of commitEnvelopes(commit)) {
      if (event.version > request.afterVersion) page.push(event)
      if (page.length === request.limit) return page
    }
  }
  return page
}
