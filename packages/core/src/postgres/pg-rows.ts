import type { StoredEvent } from '../envelope.js'
import { AppendOutcomeUnknownError, VersionConflictError } from '../errors.js'
import type { AppendRequest } from '../provider.js'
import { appendedEnvelope } from '../toolkit/appended-envelope.js'
import { decodeJson, decodeMeta } from '../toolkit/json-codec.js'
import { encodePgPosition } from './pg-position.js'

/** A row of an event read (`pgReadLogStatement`, `pgReadAggregateStatement`) as drivers return it. */
export interface PgEventRow {
  /** The event's place within its transaction's rows (bigint as text). */
  position: string
  /** The id of the transaction that stored it (`xid8` as text). */
  tx_id: string
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregate_id: string
  /** The event's version within its aggregate. */
  version: number | string
  /** The event's unique id. */
  event_id: string
  /** The payload, `jsonb` as the driver parsed it (or its text). */
  payload: unknown
  /** The metadata, `jsonb` or null. */
  meta: unknown
  /** When the database stored it: milliseconds since 1970 as the statements select it (a `Date` or its text also work). */
  timestamp: Date | string | number
}

/** A row of an aggregate read (`pgReadAggregateStatement`): an event row without the names the request gave. */
export type PgAggregateRow = Omit<PgEventRow, 'stream' | 'aggregate_id'>

/** A row returned by `pgAppendStatement`: one per stored event. */
export interface PgAppendRow {
  /** The stored event's place within its transaction. */
  position: string
  /** The id of the append's transaction. */
  tx_id: string
  /** The stored event's version. */
  version: number | string
  /** When the database stored it (milliseconds since 1970, or a `Date` or its text). */
  timestamp: Date | string | number
}

/** The row of `pgAppendMissStatement`. */
export interface PgAppendMissRow {
  /** The aggregate's version now. */
  head_version: number | string
  /** Whether the append's first event id is stored (then the answer was lost). */
  stored: boolean | string
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+(\.\d*)?$/.test(value) ? Number(value) : value)
}

/**
 * Turns one event row into the envelope core expects; the position encodes the row's
 * `(tx_id, position)` log key (see `encodePgPosition`).
 *
 * @example
 * ```ts
 * const events = rows.map(pgRowToEvent)
 * ```
 */
export function pgRowToEvent(row: PgEventRow): StoredEvent {
  return rowToEvent(row, row.stream, row.aggregate_id)
}

/**
 * Turns the rows of `pgReadAggregateStatement` into envelopes of the aggregate `request`
 * names (the rows do not repeat its stream and id).
 *
 * @example
 * ```ts
 * const events = pgAggregateRowsToEvents(rows, { stream: 'account', aggregateId: 'a-1' })
 * ```
 */
export function pgAggregateRowsToEvents(
  rows: readonly PgAggregateRow[],
  request: { stream: string; aggregateId: string },
): StoredEvent[] {
  const events = new Array<StoredEvent>(rows.length)
  for (let i = 0; i < rows.length; i++) events[i] = rowToEvent(rows[i]!, request.stream, request.aggregateId)
  return events
}

function rowToEvent(row: PgAggregateRow, stream: string, aggregateId: string): StoredEvent {
  const event: StoredEvent = {
    stream,
    aggregateId,
    version: Number(row.version),
    position: encodePgPosition({ txId: row.tx_id, seq: row.position }),
    timestamp: toDate(row.timestamp),
    id: row.event_id,
    event: decodeJson(row.payload, 'payload'),
  }
  const meta = decodeMeta(row.meta, 'meta')
  if (meta !== undefined) event.meta = meta
  return event
}

/**
 * Turns the rows of `pgAppendStatement` into the stored envelopes, or `undefined` when no
 * row came back (nothing was stored: ask `pgAppendMissStatement` why). Throws
 * `AppendOutcomeUnknownError` when the rows are not what the statement returns (part of
 * the answer was lost: `createPgProvider` then looks the event ids up). `provider` names
 * the provider in errors.
 *
 * @example
 * ```ts
 * const { rows } = await pool.query(text, values)
 * const stored = pgAppendResult('pg', request, rows) ?? pgAppendMissResult('pg', request, (await pool.query(miss)).rows)
 * ```
 */
export function pgAppendResult(provider: string, request: AppendRequest, rows: readonly PgAppendRow[]): StoredEvent[] | undefined {
  if (rows.length === 0) return undefined
  const expected = request.events.length
  const byIndex = new Array<PgAppendRow | undefined>(expected)
  for (const row of rows) {
    const index = row == null ? -1 : Number(row.version) - request.expectedVersion - 1
    if (index >= 0 && index < expected && row!.position != null) byIndex[index] = row!
  }
  if (rows.length !== expected || byIndex.some((row) => row === undefined)) {
    throw lostAnswer(provider, request, `the append statement returned ${rows.length} rows for ${expected} events`)
  }
  return (byIndex as PgAppendRow[]).map((row, index) =>
    appendedEnvelope(request, index, {
      position: encodePgPosition({ txId: String(row.tx_id), seq: String(row.position) }),
      timestamp: toDate(row.timestamp),
    }),
  )
}

/**
 * Decides an append that returned no row from `pgAppendMissStatement`'s row: its first
 * event id stored → the answer was lost (`AppendOutcomeUnknownError`, resolved by a
 * lookup); otherwise the aggregate was not at the expected version
 * (`VersionConflictError` with the actual version). Always throws.
 *
 * @example
 * ```ts
 * pgAppendMissResult('pg', request, [{ head_version: '2', stored: false }]) // throws VersionConflictError
 * ```
 */
export function pgAppendMissResult(provider: string, request: AppendRequest, rows: readonly PgAppendMissRow[]): never {
  const row = rows[0]
  if (row === undefined) throw lostAnswer(provider, request, 'the append returned no rows and neither did the check of why')
  if (row.stored === true || row.stored === 't') {
    throw lostAnswer(provider, request, 'the append returned no rows although its first event id is stored')
  }
  throw new VersionConflictError({
    stream: request.stream,
    aggregateId: request.aggregateId,
    expectedVersion: request.expectedVersion,
    actualVersion: Number(row.head_version),
  })
}

function lostAnswer(provider: string, request: AppendRequest, reason: string): AppendOutcomeUnknownError {
  return new AppendOutcomeUnknownError({
    provider,
    stream: request.stream,
    aggregateId: request.aggregateId,
    eventIds: request.events.map((e) => e.id),
    reason,
  })
}
