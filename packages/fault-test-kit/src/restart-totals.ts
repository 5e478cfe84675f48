import type { AppendOutcome } from './fault-writers.js'
import type { RestartRun } from './server-restart-scenario.js'

/** The figures a run is reported with (times in ms, rounded). */
export interface RestartTotals {
  /** Appends by outcome. */
  appends: Record<AppendOutcome, number>
  storedBeforeStop: number
  storedAfterStart: number
  /** Appends sent and settled while the server was down, and how many of them failed (with a ProviderError). */
  sentWhileDown: number
  failedWhileDown: number
  /** Appends sent after the server answered again that still failed (a driver slow to reconnect). */
  failedAfterUp: number
  /** Events in the store after the run, and distinct events the handler saw. */
  stored: number
  seen: number
  /** Deliveries beyond the first, and the bookmark saves that failed (the excuse for them). */
  duplicates: number
  failedBookmarkSaves: number
  handlerFailures: number
  /** From the stop being issued to the server answering again. */
  downtimeMs: number
  /** Docker's stop and start of the container (start: until the server answered). */
  stopMs: number
  startMs: number
  /** From the server answering to the first append stored after it (negative: before our own probe saw it up). */
  appendRecoveryMs: number | undefined
  /** From the server answering to the handler's first delivery after it. */
  handlerRecoveryMs: number | undefined
  /** From the writers stopping to the handler having seen every stored event. */
  catchUpMs: number | undefined
  /** The slowest append to settle (any outcome). */
  slowestAppendMs: number
  /** The first error message of each outcome that has one (for the log). */
  samples: Partial<Record<AppendOutcome, string>>
}

const round = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms))

/**
 * Counts and times a run.
 * @example console.log(JSON.stringify(restartTotals(run)))
 */
export function restartTotals(run: RestartRun): RestartTotals {
  const { records, ledger, timeline: t } = run
  const appends: Record<AppendOutcome, number> = { stored: 0, failed: 0, unknown: 0, conflict: 0, other: 0, hung: 0 }
  const samples: Partial<Record<AppendOutcome, string>> = {}
  for (const record of records) {
    appends[record.outcome]++
    if (record.error !== undefined) samples[record.outcome] ??= String(record.error).slice(0, 300)
  }
  const stored = records.filter((r) => r.outcome === 'stored')
  const firstStoredAfterStart = stored.filter((r) => r.sentAt >= t.startIssued).sort((a, b) => a.settledAt - b.settledAt)[0]
  const firstDeliveryAfterUp = ledger.deliveredAt.find((at) => at >= t.up)
  return {
    appends,
    storedBeforeStop: stored.filter((r) => r.settledAt < t.stopIssued).length,
    storedAfterStart: stored.filter((r) => r.sentAt >= t.startIssued).length,
    sentWhileDown: records.filter((r) => r.sentAt >= t.down && r.settledAt < t.startIssued).length,
    failedWhileDown: records.filter((r) => r.sentAt >= t.down && r.settledAt < t.startIssued && r.outcome === 'failed').length,
    failedAfterUp: records.filter((r) => r.outcome === 'failed' && r.sentAt >= t.up).length,
    stored: run.stored.length,
    seen: ledger.counts.size,
    duplicates: ledger.duplicates(),
    failedBookmarkSaves: ledger.failedSaves,
    handlerFailures: run.handlerFailures,
    downtimeMs: Math.round(t.up - t.stopIssued),
    stopMs: Math.round(t.down - t.stopIssued),
    startMs: Math.round(t.up - t.startIssued),
    appendRecoveryMs: round(firstStoredAfterStart === undefined ? undefined : firstStoredAfterStart.settledAt - t.up),
    handlerRecoveryMs: round(firstDeliveryAfterUp === undefined ? undefined : firstDeliveryAfterUp - t.up),
    catchUpMs: round(t.caughtUp === undefined ? undefined : t.caughtUp - t.writersStopped),
    slowestAppendMs: Math.round(Math.max(0, ...records.map((r) => r.settledAt - r.sentAt))),
    samples,
  }
}

/**
 * One line for the test log.
 * @example console.log(formatRestartTotals('provider-pg', totals))
 */
export function formatRestartTotals(label: string, totals: RestartTotals): string {
  const a = totals.appends
  return (
    `server restart (${label}): appended ${a.stored} (${totals.storedBeforeStop} before the stop, ${totals.storedAfterStart} after the start), ` +
    `failed appends ${a.failed} (${totals.failedWhileDown} of ${totals.sentWhileDown} made while the server was down, ${totals.failedAfterUp} sent after it answered again), outcome unknown ${a.unknown}, ` +
    `conflicts ${a.conflict}, other errors ${a.other}, hung ${a.hung}; stored ${totals.stored}, seen ${totals.seen}, ` +
    `duplicates ${totals.duplicates} (failed bookmark saves ${totals.failedBookmarkSaves}), handler failures ${totals.handlerFailures}; ` +
    `downtime ${totals.downtimeMs} ms (stop ${totals.stopMs} ms, start ${totals.startMs} ms), ` +
    `recovery: appends ${totals.appendRecoveryMs ?? '-'} ms, handler ${totals.handlerRecoveryMs ?? '-'} ms after the server answered; ` +
    `caught up ${totals.catchUpMs ?? '-'} ms after the writers stopped; slowest append ${totals.slowestAppendMs} ms` +
    Object.entries(totals.samples)
      .map(([outcome, message]) => `\n  first '${outcome}': ${message}`)
      .join('')
  )
}
