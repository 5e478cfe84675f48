import type { StoredEvent } from '../envelope.js'
import { AppendOutcomeUnknownError, VersionConflictError } from '../errors.js'
import type { AppendRequest } from '../provider.js'
import { appendedEnvelope } from '../toolkit/appended-envelope.js'
import { decodeJson, decodeMeta } from '../toolkit/json-codec.js'
import { encodePgPosition } from './pg-position.js'

/** A row of an event read (`pgReadLogStatement`, `pgReadAggregateStatement`) as drivers return it. */
export interface PgEventRow {
  position: string
  tx_id: string
  stream: string
  aggregate_id: string
  version: number | string
  event_id: string
  payload: unknown
  meta: unknown
  timestamp: Date | string
}

/** A row returned by `pgAppendStatement`. */
export interface PgAppendRow {
  head_version: number | string
  position: string | null
  tx_id: string | null
  version: number | string | null
  timestamp: Date | string | null
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value)
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
  const event: StoredEvent = {
    stream: row.stream,
    aggregateId: row.aggregate_id,
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
 * Turns the rows of `pgAppendStatement` into the stored envelopes, or throws
 * `VersionConflictError` (with the actual version) when nothing was stored because the
 * aggregate was not at the expected version, or `AppendOutcomeUnknownError` when the rows
 * are not what the statement returns (the answer was lost: `createPgProvider` then looks
 * the event ids up). `provider` names the provider in errors.
 *
 * @example
 * ```ts
 * const { rows } = await pool.query(text, values)
 * return pgAppendResult('pg', request, rows)
 * ```
 */
export function pgAppendResult(
  provider: string,
  request: AppendRequest,
  rows: readonly PgAppendRow[],
): StoredEvent[] {
  const unknown = (reason: string) =>
    new AppendOutcomeUnknownError({
      provider,
      stream: request.stream,
      aggregateId: request.aggregateId,
      eventIds: request.events.map((e) => e.id),
      reason,
    })
  const first = rows[0]
  // A statement that ran always returns a row: a missing one means the driver lost the
  // answer (postgres.js can hand back a sparse result when its connection is cut).
  if (first === undefined) throw unknown('the append statement returned no rows')
  if (first.position === null) {
    throw new VersionConflictError({
      stream: request.stream,
      aggregateId: request.aggregateId,
      expectedVersion: request.expectedVersion,
      actualVersion: Number(first.head_version),
    })
  }
  if (rows.length !== request.events.length || rows.some((row) => row?.position == null)) {
    throw unknown(`the append statement returned ${rows.length} rows for ${request.events.length} events`)
  }
  // Rows come in version order (the statement sorts them), one per event of the request.
  return rows.map((row, index) =>
    appendedEnvelope(request, index, {
      position: encodePgPosition({ txId: String(row.tx_id), seq: String(row.position) }),
      timestamp: toDate(row.timestamp as Date | string),
    }),
  )
}
