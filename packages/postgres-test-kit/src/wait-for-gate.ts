import type { PgQuery } from './pg-target.js'

/**
 * Waits until every row of `events` (or of one aggregate) is below the Postgres
 * transaction-id gate, i.e. no transaction older than a stored row is still open anywhere
 * on the server. Tests share one server with other test files, whose open transactions
 * hold the gate back for a moment (the cost the providers' READMEs describe); waiting
 * makes a later read exact. Throws after `timeoutMs`.
 *
 * @example
 * ```ts
 * await waitForGate(async (text, values) => (await pool.query(text, values)).rows, 'events')
 * ```
 */
export async function waitForGate(
  query: PgQuery,
  events: string,
  aggregateId?: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const filter = aggregateId === undefined ? '' : 'AND aggregate_id = $1::text'
  const sql = `SELECT NOT EXISTS (SELECT 1 FROM "${events}" WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot()) ${filter}) AS passed`
  for (;;) {
    const rows = await query(sql, aggregateId === undefined ? [] : [aggregateId])
    if (rows[0]?.passed === true) return
    if (Date.now() > deadline)
      throw new Error(`the gate did not pass the rows of ${events} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
