import { ProviderError, type AggregateSnapshot, type SnapshotRequest } from '@evtstore/core'
import { decodeJson, retryWithBackoff } from '@evtstore/core/toolkit'
import { storedInteger } from './commit-document.js'
import { CONCERNS } from './concerns.js'
import { isDuplicateKey } from './duplicate-key.js'
import type { StoreCollections } from './store-collections.js'
import { assertWellFormed } from './well-formed.js'

/**
 * A snapshot document, one per aggregate (unique index `<snapshots>_aggregate` on s, a).
 * The state is JSON text, like event payloads: `$` and dotted keys and nested arrays
 * round-trip exactly, on FerretDB too.
 */
export interface SnapshotDocument {
  /** Stream. */
  s: string
  /** Aggregate id. */
  a: string
  /** The snapshot key (the aggregate's `snapshot.key`). */
  k: string
  /** The version of the last event folded into the state. */
  v: number
  /** The state as JSON text. */
  d: string
}

/**
 * Aggregate snapshots in the collection `<events>_snapshots`. A write is one upsert on
 * (stream, aggregate id): the last write wins, whatever its key and version. Two first
 * writes of one aggregate can both try to insert (FerretDB's upsert reads, then writes);
 * the unique index refuses the second, which retries as an update. `ready` is the check
 * that migrate() created that index, run before the first call.
 *
 * @example
 * ```ts
 * const snapshots = snapshotStore(collections, ready)
 * await snapshots.write({ stream: 'account', aggregateId: 'a-1', key: 'v1', version: 40, state })
 * await snapshots.read({ stream: 'account', aggregateId: 'a-1' })
 * ```
 */
export function snapshotStore(collections: Promise<StoreCollections>, ready: () => Promise<void>) {
  const checked = async (request: SnapshotRequest) => {
    assertWellFormed(request.stream, 'stream')
    assertWellFormed(request.aggregateId, 'aggregateId')
    const { snapshots } = await collections
    await ready()
    return snapshots
  }
  return {
    async read(request: SnapshotRequest): Promise<AggregateSnapshot | undefined> {
      const snapshots = await checked(request)
      const doc: SnapshotDocument | null = await snapshots.findOne(
        { s: request.stream, a: request.aggregateId },
        { projection: { _id: 0, k: 1, v: 1, d: 1 }, ...CONCERNS.read },
      )
      if (doc === null || doc === undefined) return undefined
      if (typeof doc.k !== 'string' || typeof doc.d !== 'string') {
        throw new ProviderError({ provider: 'mongo', operation: 'readSnapshot', message: `the snapshot of ${request.stream}/${request.aggregateId} is not one this provider wrote` })
      }
      return {
        stream: request.stream,
        aggregateId: request.aggregateId,
        key: doc.k,
        version: storedInteger(doc.v, 'snapshot version'),
        state: decodeJson(doc.d, 'state') as AggregateSnapshot['state'],
      }
    },
    async write(snapshot: AggregateSnapshot): Promise<void> {
      assertWellFormed(snapshot.key, 'snapshot.key')
      const snapshots = await checked(snapshot)
      const fields = { k: snapshot.key, v: snapshot.version, d: JSON.stringify(snapshot.state) }
      await retryWithBackoff(
        () => snapshots.updateOne({ s: snapshot.stream, a: snapshot.aggregateId }, { $set: fields }, { upsert: true, ...CONCERNS.write }),
        { attempts: 5, retryable: isDuplicateKey },
      )
    },
  }
}
