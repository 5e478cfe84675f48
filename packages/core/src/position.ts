/**
 * A position in the global event log.
 *
 * Positions are opaque to users but have one shape in every provider: the canonical
 * decimal form of a non-negative integer, as a string (`'0'`, `'17'`, `'9007199254740993'`).
 * Strings keep them JSON-safe and exact beyond `Number.MAX_SAFE_INTEGER`. `'0'` is the
 * position before the first event; every stored event has a position greater than `'0'`.
 *
 * @example
 * ```ts
 * import { comparePositions, START_POSITION } from '@evtstore/core'
 * comparePositions('9', '10') // -1
 * comparePositions(START_POSITION, '1') // -1
 * ```
 */
export type Position = string

/** The position before any event: reading the log after it reads from the beginning. */
export const START_POSITION: Position = '0'

/** True when `value` is a position in canonical form. */
export function isPosition(value: unknown): value is Position {
  // A loop rather than /^(0|[1-9][0-9]*)$/: core checks every event a provider returns.
  if (typeof value !== 'string' || value.length === 0) return false
  const first = value.charCodeAt(0)
  if (first === 48) return value.length === 1
  if (first < 49 || first > 57) return false
  for (let i = 1; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 48 || code > 57) return false
  }
  return true
}

/**
 * Orders two positions: negative when `a` is before `b`, zero when equal, positive after.
 *
 * @example
 * ```ts
 * ['10', '9', '100'].sort(comparePositions) // ['9', '10', '100']
 * ```
 */
export function comparePositions(a: Position, b: Position): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Converts an integer position given by a driver (number, bigint or string) to a {@link Position}. */
export function toPosition(value: number | bigint | string): Position {
  const text = typeof value === 'string' ? value : BigInt(value).toString()
  if (!isPosition(text)) throw new TypeError(`not an event position: ${String(value)}`)
  return text
}
