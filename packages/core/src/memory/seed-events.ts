import { randomUUID } from 'node:crypto'
import { ValidationError } from '../errors.js'
import { MAX_VERSION } from '../guard/limits.js'
import { assertName, copyMeta, copyPayload } from '../guard/validate-request.js'
import { isPosition, type Position } from '../position.js'

/**
 * A stored event to start a memory provider with: the envelope a provider returns
 * (`StoredEvent`), or what evtstore@12 stored (no `id`, a numeric `position`). Given in
 * position order.
 */
export interface SeedEvent {
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /** 1 for an aggregate's first event, then 2, 3, ... without gaps. */
  version: number
  /** Greater than the position of the event before it; a position string or a positive integer. */
  position: Position | number
  /** A `Date`, an ISO 8601 string or milliseconds since 1970. Default: when the provider is created. */
  timestamp?: Date | string | number
  /** Unique across the seed. Default: a random UUID. */
  id?: string
  /** The payload: a plain JSON object with a string `type`. */
  event: object
  /** Optional metadata: a plain JSON object. */
  meta?: object
}

/** One event as the memory provider keeps it: payload and metadata as JSON text. */
export interface MemoryRow {
  stream: string
  aggregateId: string
  version: number
  position: bigint
  timestamp: number
  id: string
  meta: string | undefined
  event: string
}

/** Largest position the memory provider takes: 2^63 - 1, the most any database here holds. */
export const MAX_MEMORY_POSITION = 9223372036854775807n

function positionOf(value: unknown, path: string, where: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (!isPosition(text) || text === '0' || BigInt(text) > MAX_MEMORY_POSITION) {
    throw new ValidationError(path, `${where}: must be a position from 1 to 2^63 - 1 (a decimal string or a safe integer), got ${String(value)}`)
  }
  return BigInt(text)
}

function timestampOf(value: unknown, path: string, where: string, fallback: number): number {
  if (value === undefined) return fallback
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN
  if (!Number.isFinite(time)) throw new ValidationError(path, `${where}: must be a Date, an ISO 8601 string or milliseconds, got ${String(value)}`)
  return time
}

/**
 * Validates the events a memory provider starts with and turns them into its rows. Every
 * error is a `ValidationError` whose path names the event (`options.events[3].version`) and
 * whose message names its aggregate: an aggregate's versions must run 1, 2, 3, ... in the
 * order given, positions must increase, ids must be unique, payloads must be JSON objects
 * with a string `type`.
 *
 * @example
 * ```ts
 * parseSeedEvents([{ stream: 'account', aggregateId: 'a-1', version: 1, position: 1, event: { type: 'opened' } }], 'options.events')
 * ```
 */
export function parseSeedEvents(value: unknown, path: string, now = Date.now()): MemoryRow[] {
  if (!Array.isArray(value)) throw new ValidationError(path, 'must be an array of stored events, in position order')
  const rows: MemoryRow[] = []
  const versions = new Map<string, number>()
  const ids = new Set<string>()
  let previous = 0n
  value.forEach((given: unknown, index) => {
    const at = `${path}[${index}]`
    if (typeof given !== 'object' || given === null) throw new ValidationError(at, 'must be a stored event { stream, aggregateId, version, position, event }')
    const seed = given as Partial<SeedEvent>
    assertName(seed.stream, `${at}.stream`)
    assertName(seed.aggregateId, `${at}.aggregateId`)
    const where = `event ${index} (${seed.stream}/${seed.aggregateId})`
    const key = JSON.stringify([seed.stream, seed.aggregateId])
    const expected = (versions.get(key) ?? 0) + 1
    if (seed.version !== expected || expected > MAX_VERSION) {
      throw new ValidationError(
        `${at}.version`,
        `${where}: must be ${expected} (versions of an aggregate run 1, 2, 3, ... in position order), got ${String(seed.version)}`,
      )
    }
    const position = positionOf(seed.position, `${at}.position`, where)
    if (position <= previous) {
      throw new ValidationError(`${at}.position`, `${where}: must be greater than the position before it (${previous}), got ${position}`)
    }
    const id = seed.id ?? randomUUID()
    assertName(id, `${at}.id`)
    if (ids.has(id)) throw new ValidationError(`${at}.id`, `${where}: the id ${id} is used by an earlier event`)
    const event = JSON.stringify(copyPayload(seed.event, `${at}.event`))
    const meta = seed.meta === undefined ? undefined : JSON.stringify(copyMeta(seed.meta, `${at}.meta`))
    const timestamp = timestampOf(seed.timestamp, `${at}.timestamp`, where, now)
    versions.set(key, expected)
    ids.add(id)
    previous = position
    rows.push({ stream: seed.stream, aggregateId: seed.aggregateId, version: expected, position, timestamp, id, meta, event })
  })
  return rows
}
