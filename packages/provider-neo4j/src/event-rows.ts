import { toPosition, type JsonValue, type StoredEvent } from '@evtstore/core'
import { decodeJson, decodeMeta } from '@evtstore/core/toolkit'
import { integerFromText } from './positions.js'

/** An event as the read statements return it (a map projection, integers as text). */
export interface EventRow {
  stream: string
  aggregateId: string
  id: string
  payload: string
  meta: string | null
  version: string
  position: string
  timestamp: string
}

/**
 * Turns a returned event map into an envelope: JSON text decoded, integers parsed from
 * text, the timestamp (milliseconds since 1970, the server's clock) as a `Date`.
 *
 * @example
 * ```ts
 * const events = result.records.map((r) => eventFromRow(r.get('event')))
 * ```
 */
export function eventFromRow(row: EventRow): StoredEvent {
  const meta = decodeMeta(row.meta, 'meta')
  const envelope: StoredEvent = {
    stream: row.stream,
    aggregateId: row.aggregateId,
    version: integerFromText(row.version, 'version'),
    position: toPosition(row.position),
    timestamp: new Date(integerFromText(row.timestamp, 'timestamp')),
    id: row.id,
    event: decodeJson(row.payload, 'payload') as JsonValue,
  }
  if (meta !== undefined) envelope.meta = meta
  return envelope
}
