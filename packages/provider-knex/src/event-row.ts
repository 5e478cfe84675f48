import type { AppendRequest, StoredEvent } from '@evtstore/core'
import { decodeJson, decodeMeta } from '@evtstore/core/toolkit'

/**
 * One event row as the SQLite and MySQL reads select it. Text columns may come back as
 * buffers (MySQL `VARBINARY`); `ts` is an ISO string (SQLite) or epoch milliseconds (MySQL).
 */
export interface EventRow {
  position: unknown
  stream: unknown
  aggregate_id: unknown
  version: unknown
  ts: unknown
  event_id: unknown
  meta: unknown
  payload: unknown
}

/** A text column as a string, whether the driver gave a string or bytes. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')
  return String(value)
}

/** A timestamp column: ISO text, epoch milliseconds (number or decimal string) or a Date. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value))
  const raw = text(value)
  return /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw)) : new Date(raw)
}

/**
 * Turns one selected row into the envelope core expects.
 *
 * @example
 * ```ts
 * const events = rows.map(rowToEvent)
 * ```
 */
export function rowToEvent(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    stream: text(row.stream),
    aggregateId: text(row.aggregate_id),
    version: Number(row.version),
    position: text(row.position),
    timestamp: toDate(row.ts),
    id: text(row.event_id),
    event: decodeJson(row.payload, 'payload'),
  }
  const meta = decodeMeta(row.meta, 'meta')
  if (meta !== undefined) event.meta = meta
  return event
}

/**
 * The bound values of one appended event's row, in the column order `stream,
 * aggregate_id, version, event_id, meta, payload` that the SQLite and MySQL inserts use.
 *
 * @example
 * ```ts
 * const values = request.events.flatMap((_e, index) => eventRowValues(request, index))
 * ```
 */
export function eventRowValues(request: AppendRequest, index: number): unknown[] {
  const input = request.events[index]!
  return [
    request.stream,
    request.aggregateId,
    request.expectedVersion + index + 1,
    input.id,
    input.meta === undefined ? null : JSON.stringify(input.meta),
    JSON.stringify(input.event),
  ]
}
