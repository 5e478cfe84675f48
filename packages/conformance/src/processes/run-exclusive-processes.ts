import assert from 'node:assert/strict'
import type { Provider } from '@evtstore/core'
import { randomAggregateId, randomBookmarkName, randomStream } from '../support/random-names.js'
import { createCounterDomain } from '../support/test-domain.js'
import { assertAggregateOrder, assertNoOverlap, handlingIntervals } from './check-handling.js'
import { preciseNow, type ProcessConfig, type ProcessMessage } from './process-messages.js'
import { processGroup } from './process-group.js'

/** Options of {@link runExclusiveProcesses}. */
export interface ExclusiveProcessesOptions {
  /** The child script: calls `runProcessChild` with the provider under test. */
  script: string
  /** Environment for the children (connection details). */
  env?: Record<string, string>
  /** The test's own provider on the same database, to append with. */
  provider: Provider
  /** Processes sharing the handler. Default 3. */
  processes?: number
  /** Events appended in all (half before the kill, half after). Default 60. */
  events?: number
  /** Lease timings. Default 1000 / 250 / 100 ms. */
  exclusive?: ProcessConfig['exclusive']
  /** Milliseconds each event takes to handle. Default 10. */
  handleMs?: number
  /** Where the measured figures are printed. Default `console.log`. */
  log?: (line: string) => void
  /** Label in the printed figures. */
  label?: string
}

/** What {@link runExclusiveProcesses} measured. */
export interface ExclusiveProcessesReport {
  /** Events appended (each handled at least once). */
  events: number
  /** Handlings in all (events plus duplicates). */
  handlings: number
  /** Events handled twice: the killed process's unsaved batch, handled again by its successor. */
  duplicates: number
  /** From the SIGKILL of the active process to the first event another process began. */
  failoverMs: number
  /** From the SIGKILL to the successor's lease grant. */
  takeoverMs: number
  /** From a clean stop of the active process to the first event its successor began. */
  handoverMs: number
}

const DEFAULT_LEASE = { leaseMs: 1000, renewMs: 250, standbyPollMs: 100 }

/**
 * Runs one exclusive handler in several real OS processes (forked from `script`) on one
 * store and proves the exclusive guarantees: while the active process works the others
 * stand by; after it is killed with `SIGKILL` another one takes over within the lease's
 * bound; after a clean stop another takes over at once; between them every event is
 * handled, no two processes ever handle events at the same time (their handling
 * intervals never overlap), each process handles each aggregate in version order, and
 * duplicates are only events of the killed process's last, unsaved batch. Prints and
 * returns the measured failover times. Throws an `AssertionError` naming the broken
 * guarantee.
 *
 * @example
 * ```ts
 * const report = await runExclusiveProcesses({ script: require.resolve('./handler-process.cjs'), env: { TEST_DATABASE_URL: db.url }, provider })
 * ```
 */
export async function runExclusiveProcesses(options: ExclusiveProcessesOptions): Promise<ExclusiveProcessesReport> {
  const count = options.processes ?? 3
  const total = options.events ?? 60
  const exclusive = options.exclusive ?? DEFAULT_LEASE
  const log = options.log ?? ((line: string) => console.log(line))
  const stream = randomStream('processes')
  const { counter } = createCounterDomain(options.provider, stream)
  const ids = Array.from({ length: 6 }, randomAggregateId)
  const versions = ids.map(() => 0)
  const appended: string[] = []
  const append = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const which = appended.length % ids.length
      const stored = await counter.append(ids[which]!, [{ type: 'added', n: appended.length }], { expectedVersion: versions[which]! })
      versions[which]! += 1
      appended.push(stored[0]!.id)
    }
  }
  const config: ProcessConfig = { stream, handler: randomBookmarkName(), exclusive, handleMs: options.handleMs ?? 10, batchSize: 10 }
  const group = processGroup(options.script, options.env ?? {})
  const messages = group.messages
  const begins = () => messages.filter((m): m is Extract<ProcessMessage, { kind: 'begin' }> => m.kind === 'begin')
  const handledIds = () => new Set(begins().map((m) => m.id))
  const deaths = new Map<number, number>()
  try {
    await append(total / 2)
    for (let i = 0; i < count; i++) group.start(config)
    await group.waitFor(() => messages.filter((m) => m.kind === 'ready').length === count, 30_000, 'every process to start')
    await group.waitFor(() => begins().length >= total / 4, 30_000, 'the first events to be handled')

    // 1. Kill the active process mid-stream.
    const active = begins().at(-1)!.pid
    const victim = group.processes.find((p) => p.pid === active)!
    const killedAt = preciseNow()
    victim.child.kill('SIGKILL')
    deaths.set(active, killedAt)
    const appending = append(total / 2)
    await group.waitFor(() => begins().some((m) => m.pid !== active && m.at > killedAt), 30_000, 'another process to take over after the kill')
    const successor = begins().find((m) => m.pid !== active && m.at > killedAt)!
    const granted = messages.find((m) => m.kind === 'lease' && m.change === 'acquired' && m.pid === successor.pid && m.at > killedAt)
    const failoverMs = successor.at - killedAt
    const takeoverMs = granted !== undefined && granted.kind === 'lease' ? granted.at - killedAt : failoverMs
    await appending
    await group.waitFor(() => appended.every((id) => handledIds().has(id)), 30_000, 'every event to be handled after the failover')

    // 2. Stop the new active process cleanly: it releases its lease, a standby takes over at once.
    const second = group.processes.find((p) => p.pid === successor.pid)!
    await group.stop(second)
    const stoppedAt = preciseNow()
    deaths.set(second.pid, stoppedAt)
    await append(4)
    await group.waitFor(() => begins().some((m) => m.at > stoppedAt), 30_000, 'a standby to take over after a clean stop')
    const third = begins().find((m) => m.at > stoppedAt)!
    const handoverMs = third.at - stoppedAt
    await group.waitFor(() => appended.every((id) => handledIds().has(id)), 30_000, 'every event to be handled after the handover')
    for (const entry of group.processes) await group.stop(entry)

    // 3. The guarantees.
    const intervals = handlingIntervals(messages, (pid) => deaths.get(pid))
    assertNoOverlap(intervals, 'exclusive handlers')
    assertAggregateOrder(intervals, 'exclusive handlers')
    const missing = appended.filter((id) => !handledIds().has(id))
    assert.deepStrictEqual(missing, [], 'exclusive handlers: every appended event must be handled by one of the processes')
    const timesHandled = new Map<string, number>()
    for (const interval of intervals) timesHandled.set(interval.id, (timesHandled.get(interval.id) ?? 0) + 1)
    const duplicates = [...timesHandled.values()].filter((n) => n > 1).length
    const byVictim = new Set(intervals.filter((i) => i.pid === active).map((i) => i.id))
    const allowed = intervals.filter((i) => i.pid !== active && byVictim.has(i.id)).length
    assert.ok(duplicates <= allowed && duplicates <= config.batchSize, `exclusive handlers: only the killed process's unsaved batch may be handled twice; ${duplicates} events were`)
    assert.ok([...timesHandled.values()].every((n) => n <= 2), 'exclusive handlers: no event may be handled more than twice')
    const bound = exclusive.leaseMs + exclusive.standbyPollMs + 2_000
    assert.ok(failoverMs < bound, `exclusive handlers: the takeover after SIGKILL must come within the lease bound (${bound} ms), took ${failoverMs.toFixed(0)} ms`)
    const report: ExclusiveProcessesReport = { events: appended.length, handlings: intervals.length, duplicates, failoverMs, takeoverMs, handoverMs }
    log(
      `${options.label ?? 'exclusive handlers'}: ${count} processes, ${report.events} events, ${report.handlings} handlings (${duplicates} duplicates after SIGKILL); ` +
        `failover after SIGKILL ${failoverMs.toFixed(0)} ms (lease granted after ${takeoverMs.toFixed(0)} ms; leaseMs ${exclusive.leaseMs}, standbyPollMs ${exclusive.standbyPollMs}); ` +
        `handover after a clean stop ${handoverMs.toFixed(0)} ms`,
    )
    return report
  } finally {
    group.killAll()
  }
}
