import { ValidationError, type AppendRequest } from '@evtstore/core'

/** Largest UTF-8 byte lengths a dialect's columns hold; longer values are refused, not truncated. */
export interface ByteLimits {
  readonly stream: number
  readonly aggregateId: number
  readonly eventId: number
  readonly bookmark: number
}

/**
 * MariaDB / MySQL: `stream`, `aggregate_id` and the bookmark `name` are `VARBINARY(512)`,
 * `event_id` is `VARBINARY(255)`. Outside strict `sql_mode` the server would silently cut
 * longer values (two long ids becoming one aggregate), so they are refused before any I/O.
 */
export const MYSQL_BYTE_LIMITS: ByteLimits = { stream: 512, aggregateId: 512, eventId: 255, bookmark: 512 }

function check(path: string, value: string, max: number): void {
  const bytes = Buffer.byteLength(value, 'utf8')
  if (bytes > max)
    throw new ValidationError(path, `is ${bytes} bytes long; this database holds at most ${max}`)
}

/**
 * Throws a `ValidationError` when the stream, aggregate id or an event id of `request`
 * is longer (in UTF-8 bytes) than `limits` allow.
 *
 * @example
 * ```ts
 * checkAppendBytes(MYSQL_BYTE_LIMITS, request) // before opening the transaction
 * ```
 */
export function checkAppendBytes(limits: ByteLimits, request: AppendRequest): void {
  check('request.stream', request.stream, limits.stream)
  check('request.aggregateId', request.aggregateId, limits.aggregateId)
  request.events.forEach((e, index) => check(`request.events[${index}].id`, e.id, limits.eventId))
}

/**
 * Throws a `ValidationError` when a bookmark name is longer (in UTF-8 bytes) than `limits` allow.
 *
 * @example
 * ```ts
 * checkBookmarkBytes(MYSQL_BYTE_LIMITS, 'balances')
 * ```
 */
export function checkBookmarkBytes(limits: ByteLimits, name: string): void {
  check('bookmark', name, limits.bookmark)
}
