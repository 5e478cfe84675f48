import assert from 'node:assert/strict'
import type { StressTotals } from './count-stress.js'

/**
 * Asserts (with `node:assert`, any runner) that a stress run lost nothing: at least
 * `minimum` events were appended, all of them are in the log, and the handler saw each
 * exactly once, in position order. The message names what broke.
 *
 * @example
 * ```ts
 * assertStressComplete(await runOrderingStress({ writerProviders: [a, b], reader: a }))
 * ```
 */
export function assertStressComplete(totals: StressTotals, minimum = 1): void {
  const { appended, stored, seen, missed, duplicated, outOfOrder } = totals
  assert.ok(appended >= minimum, `ordering: only ${appended} events were appended, expected at least ${minimum}`)
  assert.equal(stored, appended, `ordering: ${appended} events were appended, the log holds ${stored}`)
  assert.equal(duplicated, 0, `ordering: the handler handled ${duplicated} events more than once`)
  assert.equal(
    missed,
    0,
    `ordering: the handler skipped ${missed} of ${stored} events: a late commit was read past`,
  )
  assert.equal(outOfOrder, 0, `ordering: the handler saw ${outOfOrder} events out of position order`)
  assert.equal(seen, stored, `ordering: the handler saw ${seen} events for ${stored} stored`)
}
