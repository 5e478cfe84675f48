import assert from 'node:assert/strict'
import type { ProcessMessage } from './process-messages.js'

/** How many of the listed items a failure message names. */
const NAMED = 5

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

/**
 * Fails unless every id in `appended` was handled exactly once. Counts the processes'
 * `begin` messages themselves, so an event begun twice counts twice even when one process
 * began it again before it ended the first time (handling intervals would pair those up
 * as one). The message says which events were missed and which were handled more than once
 * (by which processes, when), and every lease a process lost during the run: a lease that
 * lapsed is the one way a run without a crash may hand events over unsaved.
 */
export function assertHandledOnce(appended: readonly string[], messages: readonly ProcessMessage[], what: string): void {
  type Begin = Extract<ProcessMessage, { kind: 'begin' }>
  const byId = new Map<string, Begin[]>()
  for (const message of messages) if (message.kind === 'begin') byId.set(message.id, [...(byId.get(message.id) ?? []), message])
  const expected = new Set(appended)
  const missing = appended.filter((id) => !byId.has(id))
  const twice = [...byId.entries()].filter(([, begins]) => begins.length > 1)
  const unknown = [...byId.keys()].filter((id) => !expected.has(id))
  if (missing.length === 0 && twice.length === 0 && unknown.length === 0) return
  // Times in the message: milliseconds after the first message with a time.
  let t0 = Number.POSITIVE_INFINITY
  for (const message of messages) if ('at' in message && message.at < t0) t0 = message.at
  const at = (time: number) => `+${(time - t0).toFixed(0)} ms`
  const lines = [
    `${what}: every event must be handled exactly once; of ${appended.length} appended, ${missing.length} were never handled and ${twice.length} more than once` +
      (unknown.length === 0 ? '' : `, and ${unknown.length} handled that this run did not append`),
  ]
  for (const id of missing.slice(0, NAMED)) lines.push(`  never handled: ${id}`)
  for (const [id, begins] of twice.slice(0, NAMED)) {
    const where = begins.map((b) => `process ${b.pid} at ${at(b.at)}`).join(', ')
    lines.push(`  handled ${begins.length} times: ${id} (${begins[0]!.aggregateId} v${begins[0]!.version}) by ${where}`)
  }
  for (const id of unknown.slice(0, NAMED)) lines.push(`  handled but not appended by this run: ${id}`)
  const losses = messages.filter((m): m is Extract<ProcessMessage, { kind: 'lease' }> => m.kind === 'lease' && m.change === 'lost')
  if (losses.length === 0) lines.push('  no process reported a lost lease')
  for (const loss of losses) lines.push(`  process ${loss.pid} lost lease ${loss.lease} (token ${loss.token}) at ${at(loss.at)}`)
  assert.fail(lines.join('\n'))
}
