import { ValidationError } from '@evtstore/core'
import { limitOption, refuseUnknownKeys } from '@evtstore/core/toolkit'
import { collectionOption, type StoreCollections } from './store-collections.js'

/** What `find()` returns, as far as the provider uses it. */
export interface MongoCursorLike {
  /** Every document of the cursor. */
  toArray(): Promise<any[]>
}

/**
 * The part of a `mongodb` `Collection` this provider uses. A `Collection` of the official
 * driver (6.20 or later) fits; the driver is never imported at runtime.
 */
export interface MongoCollectionLike {
  /** The collection's name. */
  readonly collectionName: string
  /** Its database's name. */
  readonly dbName: string
  /** The collection's database: the event-id collection is opened next to the events. */
  readonly db: {
    /** Opens another collection of the same database. */
    collection(name: string): MongoCollectionLike
  }
  /** Finds documents (reads, index checks). */
  find(filter: object, options?: object): MongoCursorLike
  /** Finds one document (bookmarks, heads). */
  findOne(filter: object, options?: object): Promise<any>
  /** Inserts one document (an append's commit). */
  insertOne(document: object, options?: object): Promise<unknown>
  /** Inserts documents (event ids). */
  insertMany(documents: object[], options?: object): Promise<unknown>
  /** Updates one document (bookmarks). */
  updateOne(filter: object, update: object, options?: object): Promise<unknown>
  /** Creates indexes (`migrate()`). */
  createIndexes(indexes: object[], options?: object): Promise<unknown>
  /** Lists indexes (the migration check). */
  listIndexes(options?: object): MongoCursorLike
}

/** Options of {@link createProvider}. */
export interface MongoProviderOptions {
  /**
   * The events collection (`db.collection('events')`), or a promise of it. Its name must
   * be a plain identifier (letters, digits, underscores). Event ids are kept in the
   * collection `<events>_ids` of the same database.
   */
  events: MongoCollectionLike | Promise<MongoCollectionLike>
  /** The bookmarks collection, or a promise of it. */
  bookmarks: MongoCollectionLike | Promise<MongoCollectionLike>
  /** Most events one read returns, whatever core asks for. Default 1000. */
  limit?: number
}

/** Options after validation. */
export interface ParsedProviderOptions {
  collections: Promise<StoreCollections>
  limit: number
}

/**
 * Validates the options of `createProvider` before any I/O: throws `ValidationError`
 * for a missing or foreign collection, a collection name that is not a plain
 * identifier, or a bad `limit`. A promised collection is checked when it resolves.
 *
 * @example
 * ```ts
 * const { collections, limit } = parseProviderOptions({ events, bookmarks, limit: 500 })
 * ```
 */
export function parseProviderOptions(options: MongoProviderOptions): ParsedProviderOptions {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', ['events', 'bookmarks', 'limit'])
  const limit = limitOption(options.limit, 'options.limit')
  const collections = collectionOption(options.events, options.bookmarks, 'options')
  return { collections, limit }
}
