/**
 * What a provider's `migrateFromV12` reads from an evtstore@12 store, in that store's own
 * terms. Each provider package implements it for the schema evtstore@12 wrote on its
 * database; {@link copyV12Store} does the rest the same way everywhere.
 */

/** One event of an evtstore@12 store, in that store's position order. */
export interface V12SourceEvent<Cursor> {
  /** Where the next page starts (exclusive): the event's place in v12's order. */
  cursor: Cursor
  /**
   * A decimal integer string that never decreases along v12's order: the v12 position
   * itself where it is an integer (SQL), else a coarse form of it (epoch milliseconds of a
   * Neo4j datetime, the seconds of a MongoDB Timestamp). A resumed run starts at the
   * saved key, inclusive, and recognises what it had already copied.
   */
  progressKey: string
  /** The v12 position as text, for reports and errors. */
  v12Position: string
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /** v12's version: 1 for an aggregate's first event. */
  version: number
  /** When v12 stored it. */
  timestamp: Date
  /** The payload as v12 gives it back (parsed JSON, or a MongoDB document). */
  event: unknown
}

/** Where v12 stored a handler's bookmark, and the event it stands on. */
export interface V12SourceBookmark {
  /** The handler (bookmark) name. */
  name: string
  /** The v12 position as text, for reports. */
  v12Position: string
  /**
   * The last event (in v12's order) at or before the bookmark: a v12 handler resuming
   * there sees exactly the events after it. Absent when the bookmark stands before every
   * event.
   */
  lastSeen?: {
    /** That event's stream. */
    stream: string
    /** That event's aggregate id. */
    aggregateId: string
    /** That event's version. */
    version: number
  }
}

/** Reads an evtstore@12 store. */
export interface V12Source<Cursor> {
  /**
   * At most `limit` events in v12's position order: from `start.fromKey` on (inclusive),
   * or strictly after `start.after`. Ties in v12's position are broken the same way on
   * every call.
   */
  readEvents(start: { fromKey: string } | { after: Cursor }, limit: number): Promise<Array<V12SourceEvent<Cursor>>>
  /** Every bookmark of the store, with the event each stands on. */
  readBookmarks(): Promise<V12SourceBookmark[]>
}
