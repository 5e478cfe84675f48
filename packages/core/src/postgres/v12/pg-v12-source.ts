import { ValidationError } from '../../errors.js'
import type { SqlRun } from '../../toolkit/sql-statement.js'
import { parseTableName } from '../../toolkit/table-name.js'
import type { V12Source, V12SourceBookmark, V12SourceEvent } from '../../toolkit/v12/v12-source.js'

/** Where an evtstore@12 store on Postgres is: the tables its `migrate()` made. */
export interface PgV12Tables {
  /** v12's events table (`'events'`, `'app.events'`). Default `'events'`. */
  events?: string
  /** v12's bookmarks table. Default `'bookmarks'`. */
  bookmarks?: string
}

interface V12Row {
  position: string
  stream: string
  aggregate_id: string
  version: number | string
  timestamp: Date | string
  event: string
}

// Sorted by the table's column (`ev.position`): a bare `position` in ORDER BY would name the text alias.
const COLUMNS = `ev.position::text AS position, ev.stream, ev.aggregate_id, ev.version, ev."timestamp", ev.event`

function toEvent(row: V12Row, path: string): V12SourceEvent<string> {
  let event: unknown
  try {
    event = JSON.parse(row.event)
  } catch (cause) {
    throw new ValidationError(path, `the event at position ${row.position} is not JSON text`, { cause })
  }
  const timestamp = row.timestamp instanceof Date ? row.timestamp : new Date(row.timestamp)
  return {
    cursor: row.position,
    progressKey: row.position,
    v12Position: row.position,
    stream: row.stream,
    aggregateId: row.aggregate_id,
    version: Number(row.version),
    timestamp,
    event,
  }
}

/**
 * Reads a store that evtstore@12 wrote on Postgres — its pg and postgres providers and its
 * knex provider on Postgres made the same tables: `events (position bigserial, version,
 * stream, aggregate_id, timestamp timestamptz, event text)` and `bookmarks (bookmark,
 * position bigint)`. The v12 order is `position`.
 *
 * @example
 * ```ts
 * const source = pgV12Source(run, { events: 'events', bookmarks: 'bookmarks' })
 * ```
 */
export function pgV12Source(run: SqlRun, tables: PgV12Tables = {}): V12Source<string> {
  const events = parseTableName(tables.events ?? 'events', 'options.from.events').sql
  const bookmarks = parseTableName(tables.bookmarks ?? 'bookmarks', 'options.from.bookmarks').sql
  const rows = async (text: string, values: unknown[]) => (await run({ text, values })) as V12Row[]
  return {
    async readEvents(start, limit) {
      const [operator, from] = 'fromKey' in start ? ['>=', start.fromKey] : ['>', start.after]
      const found = await rows(
        `SELECT ${COLUMNS} FROM ${events} AS ev WHERE ev.position ${operator} $1::bigint ORDER BY ev.position ASC LIMIT $2`,
        [from, limit],
      )
      return found.map((row) => toEvent(row, 'options.from.events'))
    },
    async readBookmarks() {
      const found = (await run({
        text: `SELECT bookmark, COALESCE(position, 0)::text AS position FROM ${bookmarks} ORDER BY bookmark`,
        values: [],
      })) as Array<{ bookmark: string; position: string }>
      const result: V12SourceBookmark[] = []
      for (const row of found) {
        const [last] = await rows(
          `SELECT ${COLUMNS} FROM ${events} AS ev WHERE ev.position <= $1::bigint ORDER BY ev.position DESC LIMIT 1`,
          [row.position],
        )
        result.push({
          name: row.bookmark,
          v12Position: row.position,
          ...(last === undefined
            ? {}
            : { lastSeen: { stream: last.stream, aggregateId: last.aggregate_id, version: Number(last.version) } }),
        })
      }
      return result
    },
  }
}
