import assert from 'node:assert/strict'
import type { ProcessMessage } from './process-messages.js'

/** One event handled by one process from `begin` to `end` (or to its death). */
export interface HandlingInterval {
  pid: number
  id: string
  aggregateId: string
  version: number
  position: string
  begin: number
  end: number
}

/**
 * The handling intervals in `messages`. An event begun by a process that died before
 * ending it lasts until `deathOf(pid)`.
 */
export function handlingIntervals(messages: readonly ProcessMessage[], deathOf: (pid: number) => number | undefined): HandlingInterval[] {
  const open = new Map<string, HandlingInterval>()
  const done: HandlingInterval[] = []
  for (const message of messages) {
    if (message.kind === 'begin') {
      open.set(`${message.pid}/${message.id}`, { ...message, begin: message.at, end: Number.POSITIVE_INFINITY })
    } else if (message.kind === 'end') {
      const key = `${message.pid}/${message.id}`
      const interval = open.get(key)
      if (interval === undefined) continue
      open.delete(key)
      done.push({ ...interval, end: message.at })
    }
  }
  for (const interval of open.values()) done.push({ ...interval, end: deathOf(interval.pid) ?? Number.POSITIVE_INFINITY })
  return done.sort((a, b) => a.begin - b.begin)
}

/**
 * Fails when two processes handled events at the same time: for a group of processes
 * sharing one lease, the intervals of different processes must never overlap.
 */
export function assertNoOverlap(intervals: readonly HandlingInterval[], what: string): void {
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const [a, b] = [intervals[i]!, intervals[j]!]
      if (b.begin >= a.end) break
      assert.ok(
        a.pid === b.pid,
        `${what}: processes ${a.pid} and ${b.pid} handled events at the same time (${a.id} v${a.version} from ${a.begin.toFixed(1)} to ${a.end.toFixed(1)}, ${b.id} v${b.version} from ${b.begin.toFixed(1)})`,
      )
    }
  }
}

/** Fails unless each process handled each aggregate's events in ascending version order. */
export function assertAggregateOrder(intervals: readonly HandlingInterval[], what: string): void {
  const last = new Map<string, number>()
  for (const interval of intervals) {
    const key = `${interval.pid}/${interval.aggregateId}`
    const previous = last.get(key) ?? 0
    assert.ok(interval.version > previous, `${what}: process ${interval.pid} handled ${interval.aggregateId} v${interval.version} after v${previous}`)
    last.set(key, interval.version)
  }
}
