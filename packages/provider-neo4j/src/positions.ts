import { ValidationError, isPosition, type Position } from '@evtstore/core'

/** The largest position: the largest Neo4j integer (signed 64 bit). */
export const MAX_POSITION = '9223372036854775807'

/**
 * Checks a position before it is sent (as a string, turned into an integer by Cypher's
 * `toInteger`): canonical, and at most {@link MAX_POSITION}, the most this provider can
 * ever hand out. Anything else throws `ValidationError` before any I/O.
 *
 * @example
 * ```ts
 * positionParameter('42', 'after') // '42'
 * positionParameter('9223372036854775808', 'after') // throws ValidationError
 * ```
 */
export function positionParameter(value: Position, path: string): Position {
  if (!isPosition(value))
    throw new ValidationError(path, `must be a canonical position, got ${String(value)}`)
  if (value.length > MAX_POSITION.length || (value.length === MAX_POSITION.length && value > MAX_POSITION)) {
    throw new ValidationError(path, `${value} is beyond the largest Neo4j position ${MAX_POSITION}`)
  }
  return value
}

/**
 * Reads an integer that Cypher returned as text (`toString(n)`), so that no driver
 * `Integer` object ever reaches an envelope. Versions and timestamps fit in a JS number.
 *
 * @example
 * ```ts
 * integerFromText('17', 'version') // 17
 * ```
 */
export function integerFromText(value: unknown, path: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n))
    throw new TypeError(`${path}: the database returned ${String(value)}, not an integer`)
  return n
}
