import { comparePositions, type StoredEvent } from '@evtstore/core'

/** What a stress run found: a provider that loses nothing has `stored === seen === appended` and every other count 0. */
export interface StressTotals {
  /** Events the writers' appends returned (stored and committed). */
  appended: number
  /** Events of the run found in the log afterwards. */
  stored: number
  /** Events the handler was handed, repeats included. */
  seen: number
  /** Stored events the handler never saw. */
  missed: number
  /** Events the handler saw more than once. */
  duplicated: number
  /** Events the handler saw at a position not after the one before. */
  outOfOrder: number
}

/**
 * Compares what a handler saw with what was stored (by event id), and counts what it
 * saw out of position order.
 *
 * @example
 * ```ts
 * countStress(['a', 'b'], ['a', 'b'], seenEnvelopes) // { appended: 2, stored: 2, seen: 2, missed: 0, duplicated: 0, outOfOrder: 0 }
 * ```
 */
export function countStress(
  appendedIds: readonly string[],
  storedIds: readonly string[],
  seen: readonly StoredEvent[],
): StressTotals {
  const counts = new Map<string, number>()
  for (const e of seen) counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  let outOfOrder = 0
  for (let i = 1; i < seen.length; i++) if (comparePositions(seen[i - 1]!.position, seen[i]!.position) >= 0) outOfOrder++
  return {
    appended: appendedIds.length,
    stored: storedIds.length,
    seen: seen.length,
    missed: storedIds.filter((id) => !counts.has(id)).length,
    duplicated: [...counts.values()].filter((n) => n > 1).length,
    outOfOrder,
  }
}
