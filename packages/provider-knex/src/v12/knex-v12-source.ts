import { ValidationError } from '@evtstore/core'
import type { V12Source, V12SourceBookmark, V12SourceEvent } from '@evtstore/core/toolkit'
import { parseTableName } from '@evtstore/core/toolkit'
import { text, toDate } from '../event-row.js'
import type { KnexLike } from '../knex-like.js'
import { knexFamily, knexRawRows } from './knex-raw-rows.js'

/** Where an evtstore@12 store written by its knex provider is. */
export interface KnexV12Store {
  /** The knex instance on the v12 database (better-sqlite3, sqlite3, pg or mysql2: the clients tested here). */
  client: KnexLike
  /** v12's events table. Default `'events'`. */
  events?: string
  /** v12's bookmarks table. Default `'bookmarks'`. */
  bookmarks?: string
}

interface V12Row {
  position: unknown
  stream: unknown
  aggregate_id: unknown
  version: unknown
  timestamp: unknown
  event: unknown
}

/** A position as a driver returns it, bound back as a number where that is exact. */
function positionValue(value: unknown): number | string {
  const raw = text(value)
  const asNumber = Number(raw)
  return Number.isSafeInteger(asNumber) ? asNumber : raw
}

function toEvent(row: V12Row, path: string): V12SourceEvent<string> {
  const position = text(row.position)
  const timestamp = toDate(row.timestamp)
  if (!/^\d+$/.test(position) || Number.isNaN(timestamp.getTime())) {
    throw new ValidationError(path, `the row at position ${position} is not an evtstore@12 event (position, timestamp)`)
  }
  let event: unknown
  try {
    event = JSON.parse(text(row.event))
  } catch (cause) {
    throw new ValidationError(path, `the event at position ${position} is not JSON text`, { cause })
  }
  return {
    cursor: position,
    progressKey: String(BigInt(position)),
    v12Position: position,
    stream: text(row.stream),
    aggregateId: text(row.aggregate_id),
    version: Number(row.version),
    timestamp,
    event,
  }
}

const COLUMNS = 'position, stream, aggregate_id, version, timestamp, event'

/**
 * Reads a store that evtstore@12's knex provider wrote: its `migrate()` made
 * `events (position bigIncrements, version integer, stream, aggregate_id, timestamp
 * dateTime, event text)` and `bookmarks (bookmark primary key, position bigInteger)`.
 * The v12 order is `position`, a unique auto-increment.
 */
export function knexV12Source(store: KnexV12Store): V12Source<string> {
  const family = knexFamily(store.client, 'options.from.client')
  const events = parseTableName(store.events ?? 'events', 'options.from.events').raw
  const bookmarks = parseTableName(store.bookmarks ?? 'bookmarks', 'options.from.bookmarks').raw
  const rows = <T>(sql: string, values: unknown[]) => knexRawRows<T>(store.client, family, sql, values)
  return {
    async readEvents(start, limit) {
      const [operator, from] = 'fromKey' in start ? ['>=', start.fromKey] : ['>', start.after]
      const found = await rows<V12Row>(
        `SELECT ${COLUMNS} FROM ?? WHERE position ${operator} ? ORDER BY position ASC LIMIT ?`,
        [events, positionValue(from), limit],
      )
      return found.map((row) => toEvent(row, 'options.from.events'))
    },
    async readBookmarks() {
      const found = await rows<{ bookmark: unknown; position: unknown }>('SELECT bookmark, position FROM ??', [bookmarks])
      const result: V12SourceBookmark[] = []
      for (const row of found) {
        const position = row.position === null || row.position === undefined ? '0' : text(row.position)
        const [last] = await rows<V12Row>(
          `SELECT ${COLUMNS} FROM ?? WHERE position <= ? ORDER BY position DESC LIMIT 1`,
          [events, positionValue(position)],
        )
        const seen = last === undefined ? undefined : toEvent(last, 'options.from.events')
        result.push({
          name: text(row.bookmark),
          v12Position: position,
          ...(seen === undefined ? {} : { lastSeen: { stream: seen.stream, aggregateId: seen.aggregateId, version: seen.version } }),
        })
      }
      return result
    },
  }
}
