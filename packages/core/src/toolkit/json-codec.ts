import type { EventMeta, JsonValue, NewEvent } from '../envelope.js'
import { ValidationError } from '../errors.js'

/**
 * Encodes the events of one append as one JSON array text `[{ id, event, meta? }, ...]`,
 * sent as a single bound parameter and unpacked by the database (e.g. with
 * `jsonb_array_elements`). `meta` is left out when absent, so it is stored as SQL NULL.
 *
 * @example
 * ```ts
 * encodeEventBatch([{ id: 'e1', event: { type: 'opened' } }]) // '[{"id":"e1","event":{"type":"opened"}}]'
 * ```
 */
export function encodeEventBatch(events: readonly NewEvent[]): string {
  return JSON.stringify(
    events.map((e) =>
      e.meta === undefined ? { id: e.id, event: e.event } : { id: e.id, event: e.event, meta: e.meta },
    ),
  )
}

/**
 * Decodes a JSON column as a driver returns it: already parsed (pg and postgres.js parse
 * `json`/`jsonb`), or as text (drivers configured not to parse, or MySQL's JSON as string).
 * Returns a fresh value the caller owns.
 *
 * @example
 * ```ts
 * decodeJson('{"a":1}', 'payload') // { a: 1 }
 * ```
 */
export function decodeJson(value: unknown, path: string): JsonValue {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as JsonValue
    } catch (cause) {
      throw new ValidationError(path, 'stored value is not JSON', { cause })
    }
  }
  if (value instanceof Uint8Array) return decodeJson(new TextDecoder().decode(value), path)
  return value as JsonValue
}

/**
 * Decodes a metadata column: SQL NULL (or JSON null) means no metadata.
 *
 * @example
 * ```ts
 * decodeMeta(null, 'meta') // undefined
 * decodeMeta('{"correlationId":"c-1"}', 'meta') // { correlationId: 'c-1' }
 * ```
 */
export function decodeMeta(value: unknown, path: string): EventMeta | undefined {
  if (value === null || value === undefined) return undefined
  const meta = decodeJson(value, path)
  return meta === null ? undefined : (meta as EventMeta)
}
