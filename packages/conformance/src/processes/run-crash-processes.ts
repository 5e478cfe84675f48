import { fork, type ChildProcess } from 'node:child_process'
import { createDomain, type Provider, type StoredEvent } from '@evtstore/core'
import { randomAggregateId, randomBookmarkName, randomStream } from '../support/random-names.js'
import { counterAggregate } from '../support/test-domain.js'
import type { CrashConfig, CrashMessage } from './crash-messages.js'

/** Options of {@link runCrashProcesses}. */
export interface CrashProcessesOptions {
  /** The child script: calls {@link runCrashChild} with the provider under test. */
  script: string
  /** Extra environment for the child (the database URL). */
  env: Record<string, string>
  /** A provider on the same database, for the test's appends and bookmark reads. */
  provider: Provider
  /** Counts the projection rows the children wrote: all of them, and the distinct event ids among them. */
  countRows(): Promise<CrashRowCount>
  /** `true`: the handler is `transactional`; `false`: the ordinary mode, for comparison. */
  transactional: boolean
  /** Events appended before the first process starts. Default 600. */
  events?: number
  /** How many processes are SIGKILLed in the middle of the run. Default 5. */
  kills?: number
  /** Events per batch. Default 25. */
  batchSize?: number
  /** Milliseconds each event takes besides its write. Default 3. */
  handleMs?: number
  /** Shown in the log line. */
  label?: string
}

/** The projection's rows, as `CrashProcessesOptions.countRows` counts them. */
export interface CrashRowCount {
  /** Every row, duplicates included. */
  rows: number
  /** The distinct event ids among them. */
  distinct: number
}

/** What {@link runCrashProcesses} measured. */
export interface CrashProcessesReport {
  /** Events appended (and each to be applied once). */
  events: number
  /** Processes SIGKILLed before the handler reached the end. */
  kills: number
  /** Projection rows written, duplicates included. */
  rows: number
  /** Distinct event ids among them. */
  distinct: number
  /** `rows - distinct`: events applied more than once. */
  duplicates: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The crash test of a transactional handler, with real OS processes: appends `events`
 * events, then runs the handler in a child process and SIGKILLs it at a random point, `kills`
 * times over, each time before it reached the end; a last child catches up and stops.
 * Resolves with the projection's row counts: with `transactional: true` every event must be
 * applied exactly once (`rows === distinct === events`); the ordinary mode applies the events
 * after the last saved bookmark again (`duplicates > 0`). The caller asserts what it expects.
 *
 * @example
 * ```ts
 * const report = await runCrashProcesses({ script, env, provider, transactional: true, countRows })
 * expect(report).toMatchObject({ rows: report.events, distinct: report.events, duplicates: 0 })
 * ```
 */
export async function runCrashProcesses(options: CrashProcessesOptions): Promise<CrashProcessesReport> {
  const events = options.events ?? 600
  const kills = options.kills ?? 5
  const config: CrashConfig = {
    stream: randomStream('crash'),
    handler: randomBookmarkName(),
    transactional: options.transactional,
    batchSize: options.batchSize ?? 25,
    handleMs: options.handleMs ?? 3,
  }
  const { domain } = createDomain({ provider: options.provider, cacheSize: 0 }, { counter: counterAggregate(config.stream) })
  const ids = Array.from({ length: 8 }, () => randomAggregateId())
  let last: StoredEvent | undefined
  for (let n = 0; n < events; n += 10) {
    const id = ids[(n / 10) % ids.length]!
    const batch = Array.from({ length: Math.min(10, events - n) }, (_, i) => ({ type: 'added' as const, n: n + i + 1 }))
    const version = Math.floor(n / 10 / ids.length) * 10
    last = (await domain.counter.append(id, batch, { expectedVersion: version })).at(-1)
  }
  const end = last!.position
  const before = await options.countRows()

  const children: ChildProcess[] = []
  const fork1 = () => {
    let stderr = ''
    let ready = false
    let exited = false
    const child = fork(options.script, [], {
      env: { ...process.env, ...options.env, EVTSTORE_CRASH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    children.push(child)
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('message', (message: CrashMessage) => {
      if (message.kind === 'ready') ready = true
    })
    child.on('exit', () => (exited = true))
    const waitFor = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      while (!(await check())) {
        if (stderr.trim() !== '') throw new Error(`crash-test process ${child.pid} failed while waiting for ${what}:\n${stderr}`)
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
        await sleep(5)
      }
    }
    return { child, waitFor, isReady: () => ready, hasExited: () => exited }
  }

  let killed = 0
  try {
    while (killed < kills) {
      const running = fork1()
      await running.waitFor(running.isReady, 'the handler process to start')
      // Once this process has written rows of its own, at a random point after that.
      const seen = (await options.countRows()).rows
      await running.waitFor(async () => (await options.countRows()).rows > seen, 'the handler process to write its first rows')
      await sleep(Math.floor(Math.random() * 200))
      const position = await options.provider.getBookmark(config.handler)
      running.child.kill('SIGKILL')
      await running.waitFor(running.hasExited, 'the killed process to exit')
      if (position === end) throw new Error(`the handler reached the end before kill ${killed + 1} of ${kills}: append more events or handle them slower`)
      killed++
    }
    const final = fork1()
    await final.waitFor(final.isReady, 'the last handler process to start')
    await final.waitFor(async () => (await options.provider.getBookmark(config.handler)) === end, 'the last process to reach the end of the log', 120_000)
    final.child.send({ kind: 'stop' })
    await final.waitFor(final.hasExited, 'the last process to stop')
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  const after = await options.countRows()
  const rows = after.rows - before.rows
  const distinct = after.distinct - before.distinct
  const report: CrashProcessesReport = { events, kills: killed, rows, distinct, duplicates: rows - distinct }
  console.log(
    `${options.label ?? 'crash test'} (${options.transactional ? 'transactional' : 'ordinary'} handler): ${events} events, ${killed} SIGKILLs, ${rows} rows written for ${distinct} distinct events (${report.duplicates} duplicates)`,
  )
  return report
}
