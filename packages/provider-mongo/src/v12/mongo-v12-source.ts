import { ValidationError } from '@evtstore/core'
import type { V12Source, V12SourceBookmark, V12SourceEvent } from '@evtstore/core/toolkit'

/** The part of a mongodb Collection the v12 reader uses. */
export interface MongoV12CollectionLike {
  find(filter: object, options?: object): { toArray(): Promise<any[]> }
}

/** Where an evtstore@12 store on MongoDB is: the two collections its provider was given. */
export interface MongoV12Store {
  events: MongoV12CollectionLike | Promise<MongoV12CollectionLike>
  bookmarks: MongoV12CollectionLike | Promise<MongoV12CollectionLike>
}

/** A BSON Timestamp as the driver gives it back (bson 4 to 6). */
interface BsonTimestamp {
  getHighBits(): number
  getLowBits(): number
  constructor: new (value: { t: number; i: number }) => BsonTimestamp
}

/** Where a page ends: v12's position, with the document `_id` to break ties. */
export interface MongoV12Cursor {
  position: BsonTimestamp
  _id: unknown
}

interface V12Document {
  _id: unknown
  stream: string
  aggregateId: string
  version: number
  position: BsonTimestamp
  timestamp: Date
  event: unknown
}

function isTimestamp(value: unknown): value is BsonTimestamp {
  return typeof (value as { getHighBits?: unknown } | null)?.getHighBits === 'function'
}

function positionText(position: BsonTimestamp): string {
  return `${position.getHighBits() >>> 0}.${position.getLowBits() >>> 0}`
}

function toEvent(doc: V12Document): V12SourceEvent<MongoV12Cursor> {
  if (!isTimestamp(doc.position) || !(doc.timestamp instanceof Date) || typeof doc.stream !== 'string') {
    throw new ValidationError('options.from.events', `document ${String(doc._id)} is not an evtstore@12 event (stream, position Timestamp, timestamp)`)
  }
  return {
    cursor: { position: doc.position, _id: doc._id },
    // The seconds of the Timestamp: a resumed run starts at that second again.
    progressKey: String(doc.position.getHighBits() >>> 0),
    v12Position: positionText(doc.position),
    stream: doc.stream,
    aggregateId: String(doc.aggregateId),
    version: Number(doc.version),
    timestamp: doc.timestamp,
    event: doc.event,
  }
}

const ORDER = { position: 1, _id: 1 }

/**
 * Reads a store that evtstore@12's mongo provider wrote: one document per event
 * `{ stream, aggregateId, version, position: Timestamp, timestamp: Date, event }` and
 * bookmarks `{ bookmark, position: Timestamp }`. The v12 order is `position`, which
 * MongoDB fills in on insert (v12 inserts an empty Timestamp); ties — all of them on
 * FerretDB, which leaves the empty Timestamp as it is — are broken by `_id`, the
 * driver's ObjectId, which follows insertion order within one writing process.
 */
export function mongoV12Source(store: MongoV12Store): V12Source<MongoV12Cursor> {
  const events = Promise.resolve(store.events)
  const bookmarks = Promise.resolve(store.bookmarks)
  const find = async (filter: object, options: object) => (await (await events).find(filter, options).toArray()) as V12Document[]
  return {
    async readEvents(start, limit) {
      let filter: object = {}
      if ('after' in start) {
        const { position, _id } = start.after
        filter = { $or: [{ position: { $gt: position } }, { position, _id: { $gt: _id } }] }
      } else if (start.fromKey !== '0') {
        // The Timestamp class comes from the stored documents: the driver is never imported.
        const [sample] = await find({}, { limit: 1 })
        if (sample !== undefined && isTimestamp(sample.position)) {
          const Timestamp = sample.position.constructor
          filter = { position: { $gte: new Timestamp({ t: Number(start.fromKey), i: 0 }) } }
        }
      }
      return (await find(filter, { sort: ORDER, limit })).map(toEvent)
    },
    async readBookmarks() {
      const found = (await (await bookmarks).find({}, { sort: { bookmark: 1 } }).toArray()) as Array<{ bookmark: unknown; position: unknown }>
      const result: V12SourceBookmark[] = []
      for (const row of found) {
        if (!isTimestamp(row.position)) continue
        const [last] = await find({ position: { $lte: row.position } }, { sort: { position: -1, _id: -1 }, limit: 1 })
        result.push({
          name: String(row.bookmark),
          v12Position: positionText(row.position),
          ...(last === undefined ? {} : { lastSeen: { stream: last.stream, aggregateId: String(last.aggregateId), version: Number(last.version) } }),
        })
      }
      return result
    },
  }
}
