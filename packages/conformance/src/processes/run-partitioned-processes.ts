import assert from 'node:assert/strict'
import { partitionOf, type Provider } from '@evtstore/core'
import { randomAggregateId, randomBookmarkName, randomStream } from '../support/random-names.js'
import { createCounterDomain } from '../support/test-domain.js'
import { assertAggregateOrder, assertHandledOnce, assertNoOverlap, handlingIntervals } from './check-handling.js'
import type { ProcessConfig, ProcessMessage } from './process-messages.js'
import { processGroup } from './process-group.js'

/** What {@link runPartitionedProcesses} found. */
export interface PartitionedProcessesReport {
  /** Events appended, each handled exactly once. */
  events: number
  /** Events handled by each partition's processes, by partition index. */
  byPartition: number[]
}

/** Options of {@link runPartitionedProcesses}. */
export interface PartitionedProcessesOptions {
  /** The child script: calls `runProcessChild` with the provider under test. */
  script: string
  /** Environment for the children (connection details). */
  env?: Record<string, string>
  /** The test's own provider on the same database, to append with. */
  provider: Provider
  /** Partitions, one process each (plus one standby for partition 0). Default 3. */
  partitions?: number
  /** Events appended while the processes run. Default 60, over 12 aggregates. */
  events?: number
  /** Where progress lines go. Default: `console.log`. */
  log?: (line: string) => void
  /** Names the run in those lines. Default: `partitions`. */
  label?: string
}

/**
 * Runs one handler split into N partitions in N + 1 real OS processes (one per partition,
 * plus a standby for partition 0) and proves the partition guarantees: every event is
 * handled exactly once, by the process of its aggregate's partition; each aggregate's
 * events in version order; partitions work side by side (their handling overlaps in
 * time) while the processes sharing a partition never do. Throws an `AssertionError`
 * naming the broken guarantee.
 *
 * @example
 * ```ts
 * await runPartitionedProcesses({ script: require.resolve('./handler-process.cjs'), env: { TEST_DATABASE_URL: db.url }, provider })
 * ```
 */
export async function runPartitionedProcesses(options: PartitionedProcessesOptions): Promise<PartitionedProcessesReport> {
  const count = options.partitions ?? 3
  const total = options.events ?? 60
  const log = options.log ?? ((line: string) => console.log(line))
  const stream = randomStream('partitions')
  const { counter } = createCounterDomain(options.provider, stream)
  const ids = Array.from({ length: 12 }, randomAggregateId)
  const versions = ids.map(() => 0)
  const appended: string[] = []
  const base: Omit<ProcessConfig, 'partition'> = {
    stream,
    handler: randomBookmarkName(),
    // No process dies here, so every handover is a release and no lease has to expire. A
    // long lease keeps a process stalled on a loaded machine from letting its lease lapse:
    // a lapse may hand an unsaved batch to the standby (at-least-once), and this run checks
    // that without one every event is handled exactly once.
    exclusive: { leaseMs: 10_000, renewMs: 500, standbyPollMs: 100 },
    handleMs: 5,
    batchSize: 10,
  }
  const group = processGroup(options.script, options.env ?? {})
  const messages = group.messages
  const begins = () => messages.filter((m): m is Extract<ProcessMessage, { kind: 'begin' }> => m.kind === 'begin')
  try {
    const partitionOfPid = new Map<number, number>()
    for (let index = 0; index < count; index++) partitionOfPid.set(group.start({ ...base, partition: { index, count } }).pid, index)
    partitionOfPid.set(group.start({ ...base, partition: { index: 0, count } }).pid, 0)
    await group.waitFor(() => messages.filter((m) => m.kind === 'ready').length === count + 1, 30_000, 'every process to start')
    for (let i = 0; i < total; i++) {
      const which = i % ids.length
      const stored = await counter.append(ids[which]!, [{ type: 'added', n: i }], { expectedVersion: versions[which]! })
      versions[which]! += 1
      appended.push(stored[0]!.id)
    }
    await group.waitFor(() => new Set(begins().map((m) => m.id)).size >= appended.length, 30_000, 'every event to be handled')
    for (const entry of group.processes) await group.stop(entry)

    const intervals = handlingIntervals(messages, () => undefined)
    assertHandledOnce(appended, messages, 'partitions')
    for (const interval of intervals) {
      assert.equal(
        partitionOfPid.get(interval.pid),
        partitionOf(interval.aggregateId, count),
        `partitions: ${interval.aggregateId} belongs to partition ${partitionOf(interval.aggregateId, count)}, but a process of partition ${partitionOfPid.get(interval.pid)} handled it`,
      )
    }
    assertAggregateOrder(intervals, 'partitions')
    for (let index = 0; index < count; index++) {
      assertNoOverlap(
        intervals.filter((i) => partitionOfPid.get(i.pid) === index),
        `partitions: the processes of partition ${index}`,
      )
    }
    const byPartition = Array.from({ length: count }, (_, index) => intervals.filter((i) => partitionOfPid.get(i.pid) === index).length)
    log(`${options.label ?? 'partitions'}: ${count} partitions in ${count + 1} processes, ${appended.length} events, handled per partition ${byPartition.join(' / ')}, no event twice`)
    return { events: appended.length, byPartition }
  } finally {
    group.killAll()
  }
}
