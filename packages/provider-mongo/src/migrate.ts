import { ProviderError, isEvtStoreError } from '@evtstore/core'
import type { MongoCollectionLike } from './options.js'
import { collectionOption } from './store-collections.js'
import { compareIndexes, indexProblems, storeIndexes, type IndexSpec } from './store-indexes.js'

function failure(message: string, cause?: unknown): ProviderError {
  return new ProviderError({ provider: 'mongo', operation: 'migrate', message }, { cause: cause ?? new Error(message) })
}

async function ensureIndexes(collection: MongoCollectionLike, name: string, specs: IndexSpec[]): Promise<void> {
  // FerretDB accepts a createIndexes whose name exists with another shape without a
  // word, so the shapes are compared before and after, not left to the server.
  const before = await compareIndexes(collection, name, specs)
  if (before.misshapen.length > 0) throw failure(before.misshapen.join('; '))
  // Only missing indexes are created, one per call: FerretDB 1.24 drops the connection
  // on a createIndexes that lists several indexes of which some exist.
  for (const spec of before.missing) {
    await collection.createIndexes([spec.unique ? { name: spec.name, key: spec.key, unique: true } : { name: spec.name, key: spec.key }])
  }
  const after = indexProblems(name, await compareIndexes(collection, name, specs))
  if (after.length > 0) throw failure(after.join('; '))
}

/**
 * Creates every index the provider relies on, in the events collection, in its
 * event-id collection `<events>_ids` and in its snapshot collection `<events>_snapshots`
 * (the bookmarks collection needs only `_id`). Safe to
 * run any number of times. Fails loudly — a `ProviderError` naming the index — when an
 * index of the same name exists with another key or uniqueness, instead of trusting a
 * store it cannot vouch for; every other error is thrown too. Collection names are
 * checked before any I/O (`ValidationError`).
 *
 * @example
 * ```ts
 * import { MongoClient } from 'mongodb'
 * import { migrate } from '@evtstore/provider-mongo'
 * const client = await MongoClient.connect(process.env.MONGO_URL!)
 * const db = client.db('app')
 * await migrate(db.collection('events'), db.collection('bookmarks'))
 * ```
 */
export async function migrate(
  events: MongoCollectionLike | Promise<MongoCollectionLike>,
  bookmarks: MongoCollectionLike | Promise<MongoCollectionLike>,
): Promise<void> {
  const collections = await collectionOption(events, bookmarks, 'migrate')
  const specs = storeIndexes(collections.names)
  try {
    await ensureIndexes(collections.events, collections.names.events, specs.events)
    await ensureIndexes(collections.ids, collections.names.ids, specs.ids)
    await ensureIndexes(collections.snapshots, collections.names.snapshots, specs.snapshots)
  } catch (err) {
    if (isEvtStoreError(err)) throw err
    throw failure(err instanceof Error ? err.message : String(err), err)
  }
}
