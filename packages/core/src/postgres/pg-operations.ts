import type { StoredEvent } from '../envelope.js'
import { START_POSITION, type Position } from '../position.js'
import type { AppendRequest, ReadAggregateRequest, ReadLogRequest } from '../provider.js'
import {
  pgAppendMissStatement,
  pgAppendStatement,
  pgGetBookmarkStatement,
  pgHeadVersionStatement,
  pgReadAggregateStatement,
  pgReadLogStatement,
  pgSetBookmarkStatement,
  pgStoredEventIdsStatement,
  pgEventsByIdStatement,
} from './pg-queries.js'
import {
  pgAppendMissResult,
  pgAppendResult,
  pgAggregateRowsToEvents,
  pgRowToEvent,
  type PgAppendMissRow,
  type PgAppendRow,
  type PgAggregateRow,
  type PgEventRow,
} from './pg-rows.js'
import type { PgTables } from './pg-tables.js'
import type { SqlRun } from '../toolkit/sql-statement.js'

/**
 * The provider operations on Postgres, each one statement sent through the `run` it is
 * given: the driver-neutral part every Postgres provider shares. Driver errors propagate
 * unchanged (wrap them with `pgAppendError` / `pgProviderError`); reads are not capped.
 */
export interface PgOperations {
  /** Stores the events (one statement; with `{ notify: false }` it does not notify); throws `VersionConflictError` when the head moved. */
  append(run: SqlRun, request: AppendRequest, options?: { notify?: boolean }): Promise<StoredEvent[]>
  /** The aggregate's head version (0 when it has no events). */
  headVersion(run: SqlRun, aggregate: { stream: string; aggregateId: string }): Promise<number>
  /** One aggregate's events after a version (one statement). */
  readAggregate(run: SqlRun, request: ReadAggregateRequest): Promise<StoredEvent[]>
  /** The log after a position, held back by the ordering gate (one statement). */
  readLog(run: SqlRun, request: ReadLogRequest): Promise<StoredEvent[]>
  /** The saved position of `name`, or `START_POSITION`. */
  getBookmark(run: SqlRun, name: string): Promise<Position>
  /** Saves a handler's position (an upsert). */
  setBookmark(run: SqlRun, name: string, position: Position): Promise<void>
  /** Which of `ids` are stored already. */
  storedEventIds(run: SqlRun, ids: readonly string[]): Promise<string[]>
  /** The stored events with any of `ids` (in no particular order). */
  eventsById(run: SqlRun, ids: readonly string[]): Promise<StoredEvent[]>
}

/**
 * The operations of one store on Postgres: the toolkit statements, sent through a `run`
 * per call (a pool, a transaction, a dedicated connection), with rows decoded into
 * envelopes. `provider` names the provider in the errors the decoding raises.
 *
 * @example
 * ```ts
 * const ops = pgOperations('knex', pgTables({ events: 'events' }))
 * const events = await ops.readLog(async (s) => (await pool.query(s.text, [...s.values])).rows, {
 *   streams: ['account'], after: '0', limit: 100,
 * })
 * ```
 */
export function pgOperations(provider: string, tables: PgTables): PgOperations {
  return {
    async append(run, request, options) {
      const rows = (await run(pgAppendStatement(tables, request, options))) as PgAppendRow[]
      const stored = pgAppendResult(provider, request, rows)
      if (stored !== undefined) return stored
      // Nothing stored and no error: a version gap, or an answer lost on the way back.
      return pgAppendMissResult(provider, request, (await run(pgAppendMissStatement(tables, request))) as PgAppendMissRow[])
    },
    async headVersion(run, aggregate) {
      const [row] = (await run(pgHeadVersionStatement(tables, aggregate))) as Array<{ version: unknown }>
      return Number(row?.version ?? 0)
    },
    async readAggregate(run, request) {
      return pgAggregateRowsToEvents((await run(pgReadAggregateStatement(tables, request))) as PgAggregateRow[], request)
    },
    async readLog(run, request) {
      return ((await run(pgReadLogStatement(tables, request))) as PgEventRow[]).map(pgRowToEvent)
    },
    async getBookmark(run, name) {
      const [row] = (await run(pgGetBookmarkStatement(tables, name))) as Array<{ position: unknown }>
      return row === undefined ? START_POSITION : String(row.position)
    },
    async setBookmark(run, name, position) {
      await run(pgSetBookmarkStatement(tables, name, position))
    },
    async eventsById(run, ids) {
      return ((await run(pgEventsByIdStatement(tables, ids))) as PgEventRow[]).map(pgRowToEvent)
    },
    async storedEventIds(run, ids) {
      const rows = (await run(pgStoredEventIdsStatement(tables, ids))) as Array<{ event_id: string }>
      return rows.map((row) => row.event_id)
    },
  }
}
