import { assertInteger } from '../guard/validate-request.js'
import type { SqlRun } from '../toolkit/sql-statement.js'
import { pgNotifyStatement } from './pg-queries.js'
import type { PgTables } from './pg-tables.js'

/** Sends the push wake-ups of appends that did not notify themselves. */
export interface PgAppendNotifier {
  /** An append to `stream` committed: wake the handlers listening on the store's channel. */
  appended(stream: string): void
}

/** Options of `pgAppendNotifier`. */
export interface PgAppendNotifierOptions {
  /**
   * The least time in whole milliseconds from the start of one notification to the start
   * of the next (default `PG_NOTIFY_INTERVAL_MS`), up to 60,000. `0` sends the next as
   * soon as the one in flight returns.
   */
  interval?: number
}

/**
 * The default `interval` of `pgAppendNotifier`: 2 ms. A lone append is notified at once;
 * under a steady stream of appends a handler wakes at most 2 ms later than it could, and
 * a single writer sends one notification per several appends instead of one per append
 * (each is a statement the server runs: unspaced, they cost a single writer's appends
 * over a quarter of their rate; see the repository's docs/performance.md).
 */
export const PG_NOTIFY_INTERVAL_MS = 2

/**
 * The largest `interval` `pgAppendNotifier` accepts: one minute (a wake-up later than
 * that is no wake-up; handlers poll far sooner).
 */
export const MAX_NOTIFY_INTERVAL_MS = 60_000

/**
 * Wake-ups sent after appends, off their path and coalesced: at most one notification
 * statement is in flight per notifier, and a new one starts no sooner than `interval` ms
 * after the previous one started. Appends that commit meanwhile are notified by the next
 * one, so every append is followed by a notification sent after it committed. The first
 * append after a quiet spell is notified at once. The append that triggers one never
 * waits for it.
 *
 * A notification that fails is dropped: a wake-up only shortens the wait, handlers still
 * poll (`tailInterval`), and a LISTEN connection that loses notifications tells its
 * subscribers to read (see `pgAppendSubscriptions`). One still waiting for its turn when
 * the process exits is dropped too (its timer does not keep the process alive).
 *
 * @example
 * ```ts
 * const notifier = pgAppendNotifier(run, tables)
 * await ops.append(run, request, { notify: false })
 * notifier.appended(request.stream)
 * ```
 */
export function pgAppendNotifier(run: SqlRun, tables: PgTables, options: PgAppendNotifierOptions = {}): PgAppendNotifier {
  const interval = options.interval ?? PG_NOTIFY_INTERVAL_MS
  assertInteger(interval, 'options.interval', 0, MAX_NOTIFY_INTERVAL_MS)
  let waiting = new Set<string>()
  // true from the moment a notification is due (in flight or waiting for its turn)
  let busy = false
  let lastStart = Number.NEGATIVE_INFINITY
  const send = (): void => {
    const streams = [...waiting]
    waiting = new Set()
    lastStart = performance.now()
    const done = (): void => {
      busy = false
      if (waiting.size > 0) due()
    }
    try {
      run(pgNotifyStatement(tables, streams)).then(done, done)
    } catch {
      done()
    }
  }
  const due = (): void => {
    busy = true
    const wait = lastStart + interval - performance.now()
    if (wait <= 0) return send()
    // timers may fire a fraction of a millisecond early: the callback measures again
    setTimeout(due, wait).unref()
  }
  return {
    appended(stream) {
      waiting.add(stream)
      if (!busy) due()
    },
  }
}
