import { ValidationError } from '@evtstore/core'
import { identifierOption, type V12Source, type V12SourceBookmark, type V12SourceEvent } from '@evtstore/core/toolkit'
import type { Neo4jDriver, Neo4jRecord } from '../neo4j-driver.js'
import { retriedTransaction } from '../transaction.js'

/** Where an evtstore@12 store on Neo4j is: the labels its neo4j (or neo4j-v3) provider was given. */
export interface Neo4jV12Store {
  client: Neo4jDriver | Promise<Neo4jDriver>
  /** v12's events label (its `events` option). */
  events: string
  /** v12's bookmarks label (its `bookmarks` option). */
  bookmarks: string
  /** The database (Neo4j 4.4 and 5); leave out for the default and on 3.5. */
  database?: string
}

/** Where a page ends: v12's position (a DateTime), then the version and node id that break ties. */
export interface Neo4jV12Cursor {
  position: unknown
  version: number
  node: unknown
}

const RETURN = [
  'RETURN ev.position AS position, id(ev) AS node, toString(ev.position) AS text,',
  '  toString(ev.position.epochMillis) AS ms, ev.stream AS stream, ev.aggregateId AS aggregateId,',
  '  toString(toInteger(ev.version)) AS version, toString(ev.timestamp.epochMillis) AS ts, ev.event AS event',
].join('\n')

function toEvent(row: Neo4jRecord): V12SourceEvent<Neo4jV12Cursor> {
  const text = String(row.get('text'))
  const ms = row.get('ms') as string | null
  const ts = row.get('ts') as string | null
  if (ms === null || ts === null) {
    throw new ValidationError('options.from.events', `the node at v12 position ${text} is not an evtstore@12 event (position and timestamp datetimes)`)
  }
  let event: unknown
  try {
    event = JSON.parse(String(row.get('event')))
  } catch (cause) {
    throw new ValidationError('options.from.events', `the event at v12 position ${text} is not JSON text`, { cause })
  }
  return {
    cursor: { position: row.get('position'), version: Number(row.get('version')), node: row.get('node') },
    // Milliseconds: a resumed run starts at that millisecond again.
    progressKey: String(BigInt(ms)),
    v12Position: text,
    stream: String(row.get('stream')),
    aggregateId: String(row.get('aggregateId')),
    version: Number(row.get('version')),
    timestamp: new Date(Number(ts)),
    event,
  }
}

/**
 * Reads a store that evtstore@12's neo4j or neo4j-v3 provider wrote: one node per event
 * `(:Events {stream, aggregateId, version, position: datetime.transaction(), timestamp:
 * datetime, event: JSON text})` and `(:Bookmarks {bookmark, position})` where the position
 * is the ISO text of the last handled event's position, cut to milliseconds. The v12 order
 * is `position`; ties (appends in one millisecond: v12 appends each event of a command in
 * its own transaction) are broken by version, so an aggregate's events keep their order,
 * then by node id (not creation order: Neo4j reuses the ids of deleted nodes).
 */
export function neo4jV12Source(store: Neo4jV12Store): V12Source<Neo4jV12Cursor> {
  const events = identifierOption(store.events, 'options.from.events', undefined)
  const bookmarks = identifierOption(store.bookmarks, 'options.from.bookmarks', undefined)
  const target = { client: Promise.resolve(store.client), database: store.database }
  const read = (query: string, parameters: Record<string, unknown>) =>
    retriedTransaction(target, 'READ', async (tx) => (await tx.run(query, parameters)).records)
  return {
    async readEvents(start, limit) {
      const where =
        'after' in start
          ? [
              'ev.position > $position OR (ev.position = $position AND (toInteger(ev.version) > $version',
              '  OR (toInteger(ev.version) = $version AND id(ev) > $node)))',
            ].join('\n')
          : 'ev.position >= datetime({epochMillis: toInteger($key)})'
      const parameters =
        'after' in start
          ? { position: start.after.position, version: start.after.version, node: start.after.node }
          : { key: start.fromKey }
      const rows = await read(
        `MATCH (ev:\`${events}\`) WHERE ${where}\n${RETURN}\nORDER BY ev.position ASC, toInteger(ev.version) ASC, id(ev) ASC LIMIT ${limit}`,
        parameters,
      )
      return rows.map(toEvent)
    },
    async readBookmarks() {
      const rows = await read(`MATCH (bm:\`${bookmarks}\`) RETURN bm.bookmark AS name, toString(bm.position) AS position ORDER BY name`, {})
      const result: V12SourceBookmark[] = []
      for (const row of rows) {
        const position = row.get('position') as string | null
        if (position === null || Number.isNaN(Date.parse(position))) continue
        // v12 saved the handled event's position cut to the millisecond: the event it
        // stands on is the last one before the next millisecond.
        const [last] = await read(
          `MATCH (ev:\`${events}\`) WHERE ev.position < datetime($position) + duration({milliseconds: 1})\n${RETURN}\nORDER BY ev.position DESC, toInteger(ev.version) DESC, id(ev) DESC LIMIT 1`,
          { position },
        )
        const seen = last === undefined ? undefined : toEvent(last)
        result.push({
          name: String(row.get('name')),
          v12Position: position,
          ...(seen === undefined ? {} : { lastSeen: { stream: seen.stream, aggregateId: seen.aggregateId, version: seen.version } }),
        })
      }
      return result
    },
  }
}
