import { comparePositions, START_POSITION } from '@evtstore/core'
import { formatRestartTotals, restartTotals, type RestartTotals } from './restart-totals.js'
import { RESTART_DEFAULTS, runServerRestart, type RestartRun, type RestartSettings, type RestartTarget } from './server-restart-scenario.js'

/** Opens the target (a fresh store on a server of its own) and closes it after. */
export interface RestartHarness {
  open(): Promise<RestartTarget & { close(): Promise<void> }>
  settings?: Partial<RestartSettings>
  /** Registers the test as skipped, with this reason in its name (a known fault not fixed yet). */
  skip?: string
}

/**
 * The guarantees, checked on a run; each failed one is a line of the returned list.
 * @example expect(restartViolations(run, totals)).toEqual([])
 */
export function restartViolations(run: RestartRun, totals: RestartTotals): string[] {
  const problems: string[] = []
  if (run.storeReadError !== undefined) problems.push(`the store could not be read back after the restart: ${String(run.storeReadError)}`)
  const sample = (outcome: string) =>
    run.records
      .filter((r) => r.outcome === outcome)
      .slice(0, 3)
      .map((r) => String(r.error))
      .join(' | ')
  for (const outcome of ['conflict', 'other', 'hung'] as const) {
    if (totals.appends[outcome] > 0) problems.push(`${totals.appends[outcome]} appends ended as '${outcome}' (a ProviderError was due): ${sample(outcome)}`)
  }
  if (totals.storedBeforeStop === 0) problems.push('no append was stored before the stop')
  // Sent while the server was down (after it stopped, before it was started again): no
  // connection could be made, so nothing was sent and the outcome is known — a ProviderError.
  const t = run.timeline
  const whileDown = run.records.filter((r) => r.sentAt >= t.down && r.settledAt < t.startIssued)
  if (!whileDown.some((r) => r.outcome === 'failed')) problems.push('no append sent while the server was down failed with a ProviderError')
  const undecided = whileDown.filter((r) => r.outcome !== 'failed')
  if (undecided.length > 0) {
    problems.push(`${undecided.length} appends sent while the server was down did not fail with a ProviderError: ${undecided[0]!.outcome} ${String(undecided[0]!.error)}`)
  }
  if (totals.storedAfterStart === 0) problems.push('no append was stored after the server started again')
  if (totals.handlerFailures === 0) problems.push('the handler never reported a failure: it did not notice the server going away')

  // Appends: every one reported stored is there; per aggregate, no more than the stored
  // and the unknown ones (a failed append that landed anyway would be one more).
  const storedIds = new Set(run.stored.map((e) => e.id))
  const reported = run.records.filter((r) => r.outcome === 'stored')
  const missing = reported.filter((r) => !storedIds.has(r.eventId))
  if (missing.length > 0) problems.push(`${missing.length} appends reported stored are not in the store (e.g. ${missing[0]!.aggregateId})`)
  const landed = run.records.filter((r) => r.outcome === 'failed' && storedIds.has(r.eventId))
  if (landed.length > 0) problems.push(`${landed.length} appends that failed with a ProviderError are stored after all: ${String(landed[0]!.error)}`)
  const perAggregate = new Map<string, { stored: number; unknown: number; found: number }>()
  const entry = (id: string) => perAggregate.get(id) ?? perAggregate.set(id, { stored: 0, unknown: 0, found: 0 }).get(id)!
  for (const r of run.records) {
    if (r.outcome === 'stored') entry(r.aggregateId).stored++
    if (r.outcome === 'unknown') entry(r.aggregateId).unknown++
  }
  for (const e of run.stored) entry(e.aggregateId).found++
  for (const [id, n] of perAggregate) {
    if (n.found > n.stored + n.unknown) problems.push(`${id}: ${n.found} events stored but only ${n.stored} appends reported stored (+${n.unknown} unknown): a failed append landed`)
  }

  // The handler: saw exactly what is stored, each aggregate in version order from 1,
  // repeats only after failed bookmark saves, and its bookmark at the end of the log.
  const seenIds = new Set(run.ledger.counts.keys())
  const unseen = run.stored.filter((e) => !seenIds.has(e.id))
  if (unseen.length > 0) problems.push(`the handler missed ${unseen.length} stored events (first at position ${JSON.stringify(unseen[0]!.position)})`)
  const phantom = [...seenIds].filter((id) => !storedIds.has(id))
  if (phantom.length > 0) problems.push(`the handler saw ${phantom.length} events that are not stored`)
  const versions = new Map<string, number>()
  for (const e of run.ledger.firsts) {
    const last = versions.get(e.aggregateId) ?? 0
    if (e.version !== last + 1) {
      problems.push(`${e.aggregateId}: first delivery of version ${e.version} after version ${last}`)
      break
    }
    versions.set(e.aggregateId, e.version)
  }
  const unexplained = run.ledger.unexplainedRepeats()
  if (unexplained.length > 0) problems.push(`${unexplained.length} events delivered again without a failed bookmark save before`)
  const end = run.stored.length === 0 ? START_POSITION : run.stored[run.stored.length - 1]!.position
  if (comparePositions(run.bookmark, end) !== 0) problems.push(`the bookmark is at ${JSON.stringify(run.bookmark)}, the log ends at ${JSON.stringify(end)}`)
  if (run.timeline.caughtUp === undefined) problems.push('the handler did not catch up with the store in time')
  return problems
}

/**
 * One test: the server stopped for real and started again while writers append and a
 * handler runs; asserts the guarantees and prints the totals. `label` names the provider.
 * @example describeServerRestart('provider-pg', { open: openPgRestartTarget })
 */
export function describeServerRestart(label: string, harness: RestartHarness): void {
  const settings = { ...RESTART_DEFAULTS, ...harness.settings }
  const title = `survives the database server being stopped and started again (${label})`
  if (harness.skip !== undefined) {
    it.skip(`${title} — skipped: ${harness.skip}`, () => undefined)
    return
  }
  it(title, async () => {
    const target = await harness.open()
    try {
      const run = await runServerRestart(target, settings)
      const totals = restartTotals(run)
      console.log(formatRestartTotals(label, totals))
      expect(restartViolations(run, totals)).toEqual([])
    } finally {
      await target.close()
    }
  }, 120_000 + settings.catchUpMs + settings.hungMs)
}
