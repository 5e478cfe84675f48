import { START_POSITION, createDomain, type Position, type Provider, type StoredEvent } from '@evtstore/core'
import { createDeliveryLedger, type DeliveryLedger } from './delivery-ledger.js'
import { faultNote } from './fault-aggregate.js'
import { startFaultWriters, type AppendRecord } from './fault-writers.js'

/** A provider on a server the scenario may stop and start again. */
export interface RestartTarget {
  /** The provider under test, connected the way its README sets the driver up. */
  provider: Provider
  /** Stops the database server for real; resolves once it is down. */
  stopServer(): Promise<void>
  /** Starts it again (same address, same data); resolves once it answers a query. */
  startServer(): Promise<void>
}

/** How long each phase lasts, and the load. */
export interface RestartSettings {
  writers: number
  /** Pause of each writer after each append (ms). */
  writerPauseMs: number
  /** Writing with the server up before the stop (ms). */
  beforeMs: number
  /** How long the server stays down (ms), counted from when it is down. */
  downMs: number
  /** Writing after the server answers again (ms). */
  afterMs: number
  /** Longest wait for the handler to see every stored event, after the writers stopped (ms). */
  catchUpMs: number
  /** An append pending longer than this is counted as hung. */
  hungMs: number
  /** The handler's backoff: its first and longest retry delay (ms). */
  retryDelay: { initialMs: number; maxMs: number }
}

/** The defaults: about 12 s per run plus the server's own stop and start. */
export const RESTART_DEFAULTS: RestartSettings = {
  writers: 4,
  writerPauseMs: 20,
  beforeMs: 2_000,
  downMs: 4_000,
  afterMs: 3_000,
  catchUpMs: 30_000,
  hungMs: 25_000,
  retryDelay: { initialMs: 50, maxMs: 1_000 },
}

/** Times of the run (ms, performance.now()). */
export interface RestartTimeline {
  stopIssued: number
  down: number
  startIssued: number
  up: number
  writersStopped: number
  caughtUp: number | undefined
}

/** What the run did; the assertions are made on it. */
export interface RestartRun {
  records: readonly AppendRecord[]
  ledger: DeliveryLedger
  /** Every event of the fault stream in the store after the run, in position order. */
  stored: readonly StoredEvent[]
  /** The handler's bookmark after the run. */
  bookmark: Position
  /** Failures the handler reported through its onFailure hook. */
  handlerFailures: number
  /** Set when the store could not be read back within `catchUpMs` (`stored` is then incomplete). */
  storeReadError: unknown
  timeline: RestartTimeline
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Reads the whole fault stream, retrying a read that fails (the server just came back). */
async function readAll(provider: Provider, deadline: number): Promise<StoredEvent[]> {
  const all: StoredEvent[] = []
  let after: Position = START_POSITION
  for (;;) {
    let page: StoredEvent[]
    try {
      page = await provider.readLog({ streams: ['fault'], after, limit: 500 })
    } catch (error) {
      if (Date.now() > deadline) throw error
      await sleep(100)
      continue
    }
    if (page.length === 0) return all
    all.push(...page)
    after = page[page.length - 1]!.position
  }
}

/**
 * Writers append and a started handler follows the `fault` stream while the server is
 * stopped for `downMs` and started again; then the writers stop and the handler is given
 * `catchUpMs` to see everything stored. Returns what happened; it asserts nothing.
 * @example const run = await runServerRestart(target, RESTART_DEFAULTS)
 */
export async function runServerRestart(target: RestartTarget, settings: RestartSettings): Promise<RestartRun> {
  const ledger = createDeliveryLedger(target.provider)
  const { domain, createHandler } = createDomain({ provider: ledger.provider }, { fault: faultNote })
  let handlerFailures = 0
  const handler = createHandler('fault-follower', ['fault'], {
    tailInterval: 50,
    batchSize: 20,
    retryDelay: settings.retryDelay,
    hooks: { onFailure: () => void handlerFailures++ },
  })
  handler.handle('fault', 'noted', (_id, _event, envelope) => ledger.delivered(envelope))
  handler.start()
  const writers = startFaultWriters(domain.fault, { writers: settings.writers, pauseMs: settings.writerPauseMs, hungMs: settings.hungMs })
  let stored: StoredEvent[] = []
  let storeReadError: unknown
  let timeline: RestartTimeline
  try {
    await sleep(settings.beforeMs)
    const stopIssued = performance.now()
    await target.stopServer()
    const down = performance.now()
    await sleep(settings.downMs)
    const startIssued = performance.now()
    await target.startServer()
    const up = performance.now()
    await sleep(settings.afterMs)
    await writers.stop()
    const writersStopped = performance.now()
    const deadline = Date.now() + settings.catchUpMs
    let caughtUp: number | undefined
    for (;;) {
      try {
        stored = await readAll(target.provider, deadline)
      } catch (error) {
        storeReadError = error
        break
      }
      if (stored.every((event) => ledger.counts.has(event.id))) {
        caughtUp = performance.now()
        break
      }
      if (Date.now() > deadline) break
      await sleep(100)
    }
    timeline = { stopIssued, down, startIssued, up, writersStopped, caughtUp }
  } finally {
    await writers.stop()
    await handler.stop()
  }
  // the handler saves its bookmark after each batch: read it once the loop is stopped
  const bookmark = await handler.getPosition().catch((error: unknown) => {
    storeReadError ??= error
    return START_POSITION
  })
  return { records: writers.records, ledger, stored, bookmark, handlerFailures, storeReadError, timeline }
}
