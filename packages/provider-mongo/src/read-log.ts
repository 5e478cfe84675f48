import { ValidationError, type ReadLogRequest, type StoredEvent } from '@evtstore/core'
import { commitEnvelopes, type CommitDocument } from './commit-document.js'
import { CONCERNS } from './concerns.js'
import type { StoreCollections } from './store-collections.js'
import { assertWellFormed } from './well-formed.js'

/**
 * A log position as the number stored in a commit's `p`. Positions above 2^53 − 1 are refused
 * with `ValidationError`: this provider never hands them out.
 *
 * @example
 * ```ts
 * positionNumber('42', 'after') // 42
 * ```
 */
export function positionNumber(position: string, path: string): number {
  const n = Number(position)
  if (!Number.isSafeInteger(n)) {
    throw new ValidationError(path, `not a position of this provider (it stores positions up to ${Number.MAX_SAFE_INTEGER}): ${position}`)
  }
  return n
}

/**
 * Reads the log for some streams strictly after a position: the commits whose last
 * position is after it, in position order (index `<events>_stream` on stream and last
 * position), split into events and cut at `limit`. Majority read concern: an event
 * returned here survives a failover.
 *
 * Commits become visible in position order (see append-commit.ts), so what this returns
 * is a prefix that never changes.
 *
 * @example
 * ```ts
 * const page = await readLog(store, { streams: ['account'], after: '0', limit: 100 })
 * ```
 */
export async function readLog(store: () => Promise<StoreCollections>, request: ReadLogRequest): Promise<StoredEvent[]> {
  request.streams.forEach((stream, index) => assertWellFormed(stream, `streams[${index}]`))
  const after = positionNumber(request.after, 'after')
  const { events } = await store()
  const commits: CommitDocument[] = await events
    .find(
      { s: request.streams.length === 1 ? request.streams[0] : { $in: request.streams }, l: { $gt: after } },
      { sort: { l: 1 }, limit: request.limit, batchSize: request.limit, ...CONCERNS.read },
    )
    .toArray()
  const page: StoredEvent[] = []
  for (const commit of commits) {
    for (const event of commitEnvelopes(commit)) {
      if (Number(event.position) > after) page.push(event)
      if (page.length === request.limit) return page
    }
  }
  return page
}
