import { ValidationError } from '@evtstore/core'
import { driverOption, identifierOption } from '@evtstore/core/toolkit'
import type { MongoCollectionLike } from './options.js'

/** Longest collection name accepted (the event-id and snapshot collections add {@link IDS_SUFFIX} and {@link SNAPSHOTS_SUFFIX}). */
export const MAX_COLLECTION_NAME = 63

/** The event-id collection is named after the events collection plus this suffix. */
export const IDS_SUFFIX = '_ids'

/** The snapshot collection is named after the events collection plus this suffix. */
export const SNAPSHOTS_SUFFIX = '_snapshots'

/** The four collections a store uses, with their validated names. */
export interface StoreCollections {
  /** One commit document per append. */
  events: MongoCollectionLike
  /** One small document per event id, keyed by `_id` (see claim-event-ids.ts). */
  ids: MongoCollectionLike
  /** One document per handler bookmark. */
  bookmarks: MongoCollectionLike
  /** One document per aggregate snapshot, keyed by (stream, aggregate id) (see snapshot-store.ts). */
  snapshots: MongoCollectionLike
  names: { events: string; ids: string; bookmarks: string; snapshots: string }
}

function isCollection(value: unknown): value is MongoCollectionLike {
  if (typeof value !== 'object' || value === null) return false
  const c = value as Partial<Record<keyof MongoCollectionLike, unknown>>
  return (
    typeof c.collectionName === 'string' &&
    typeof c.dbName === 'string' &&
    typeof c.find === 'function' &&
    typeof c.findOne === 'function' &&
    typeof c.insertOne === 'function' &&
    typeof c.listIndexes === 'function' &&
    typeof c.db === 'object' &&
    c.db !== null &&
    typeof (c.db as { collection?: unknown }).collection === 'function'
  )
}

const EXPECTED = 'a mongodb Collection (driver 6.20 or later: it needs collection.db)'

function nameOf(collection: MongoCollectionLike, path: string): string {
  return identifierOption(collection.collectionName, path, undefined, MAX_COLLECTION_NAME)
}

function combine(events: MongoCollectionLike, bookmarks: MongoCollectionLike, path: string): StoreCollections {
  const eventsName = nameOf(events, `${path}.events`)
  const bookmarksName = nameOf(bookmarks, `${path}.bookmarks`)
  const idsName = `${eventsName}${IDS_SUFFIX}`
  const snapshotsName = `${eventsName}${SNAPSHOTS_SUFFIX}`
  if (bookmarks.dbName === events.dbName && [eventsName, idsName, snapshotsName].includes(bookmarksName)) {
    throw new ValidationError(
      `${path}.bookmarks`,
      `must be another collection than the events collection ${JSON.stringify(eventsName)}, its event-id collection ${JSON.stringify(idsName)} and its snapshot collection ${JSON.stringify(snapshotsName)}`,
    )
  }
  return {
    events,
    ids: events.db.collection(idsName),
    bookmarks,
    snapshots: events.db.collection(snapshotsName),
    names: { events: eventsName, ids: idsName, bookmarks: bookmarksName, snapshots: snapshotsName },
  }
}

/**
 * Checks the `events` and `bookmarks` options, each a collection or a promise of one,
 * and opens the event-id and snapshot collections beside the events. Collections given directly are
 * checked now (a bad name throws `ValidationError` at once); promised ones when they
 * resolve (the returned promise rejects with `ValidationError`, before any I/O).
 *
 * @example
 * ```ts
 * const collections = collectionOption(db.collection('events'), db.collection('bookmarks'), 'options')
 * const { events, ids, snapshots } = await collections // db.collection('events_ids'), db.collection('events_snapshots')
 * ```
 */
export function collectionOption(events: unknown, bookmarks: unknown, path: string): Promise<StoreCollections> {
  if (isCollection(events) && isCollection(bookmarks)) return Promise.resolve(combine(events, bookmarks, path))
  const eventsPromise = driverOption(events, `${path}.events`, isCollection, EXPECTED)
  const bookmarksPromise = driverOption(bookmarks, `${path}.bookmarks`, isCollection, EXPECTED)
  // a collection given directly has its name checked now, even when the other one is a promise
  if (isCollection(events)) nameOf(events, `${path}.events`)
  if (isCollection(bookmarks)) nameOf(bookmarks, `${path}.bookmarks`)
  const combined = Promise.all([eventsPromise, bookmarksPromise]).then(([e, b]) => combine(e, b, path))
  combined.catch(() => undefined)
  return combined
}
