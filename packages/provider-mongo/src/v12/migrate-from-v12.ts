import type { StoredEvent } from '@evtstore/core'
import { V12_MIGRATION_OPTIONS, copyV12Store, refuseUnknownKeys, type V12MigrationOptions, type V12MigrationResult } from '@evtstore/core/toolkit'
import { createProvider } from '../create-provider.js'
import { migrate } from '../migrate.js'
import type { MongoProviderOptions } from '../options.js'
import { mongoV12Source, type MongoV12Store } from './mongo-v12-source.js'

/** Options of {@link migrateFromV12}. */
export interface MongoV12MigrationOptions extends V12MigrationOptions {
  /** The evtstore@12 store: the events and bookmarks collections its provider was given. */
  from: MongoV12Store
  /** The new store: the options of this provider's `createProvider` (other collections than v12's). */
  to: MongoProviderOptions
  /** Run this provider's `migrate()` on the new store first. Default `true`. */
  migrate?: boolean
}

/**
 * Copies a store written by evtstore@12's mongo provider into a store of this provider:
 * every event with its stream, aggregate id, version, timestamp and payload, in v12's
 * position order (ties broken by `_id`), then every bookmark at the new position of the
 * event it stood on. The progress is saved in the new store after each page (bookmark
 * `evtstore.v12-migration`, keyed by the seconds of v12's Timestamp): after a crash, or
 * with `limit`/`signal`, run it again and it goes on from there; a run over a store
 * already copied changes nothing. Payloads are stored as JSON: BSON dates in a v12
 * payload come back as ISO strings, ObjectIds as hex strings.
 *
 * @example
 * ```ts
 * import { MongoClient } from 'mongodb'
 * import { migrateFromV12 } from '@evtstore/provider-mongo/v12'
 *
 * const db = (await new MongoClient(process.env.MONGO_URL!).connect()).db()
 * const result = await migrateFromV12({
 *   from: { events: db.collection('events'), bookmarks: db.collection('bookmarks') },
 *   to: { events: db.collection('evt_events'), bookmarks: db.collection('evt_bookmarks') },
 * })
 * console.log(result.copied, result.bookmarks)
 * ```
 */
export async function migrateFromV12(options: MongoV12MigrationOptions): Promise<V12MigrationResult> {
  refuseUnknownKeys(options, 'options', V12_MIGRATION_OPTIONS)
  const source = mongoV12Source(options.from)
  const provider = createProvider(options.to)
  if (options.migrate !== false) await migrate(options.to.events, options.to.bookmarks)
  const events = Promise.resolve(options.to.events)
  // One append is one commit document, with one timestamp `t` for its events.
  const restoreTimestamps = async (stored: StoredEvent[], timestamp: Date) => {
    for (const event of stored) {
      await (await events).updateOne({ s: event.stream, a: event.aggregateId, 'e.i': event.id }, { $set: { t: timestamp } })
    }
  }
  return copyV12Store(source, { provider, restoreTimestamps }, options)
}
