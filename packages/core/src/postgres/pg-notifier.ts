import type { SqlRun } from '../toolkit/sql-statement.js'
import { pgNotifyStatement } from './pg-queries.js'
import type { PgTables } from './pg-tables.js'

/** Sends the push wake-ups of appends that did not notify themselves. */
export interface PgAppendNotifier {
  /** An append to `stream` committed: wake the handlers listening on the store's channel. */
  appended(stream: string): void
}

/**
 * Wake-ups sent after appends, off their path and coalesced: at most one notification
 * statement is in flight per notifier; appends that commit meanwhile are notified by the
 * next one, sent as soon as it returns (so every append is followed by a notification
 * sent after it committed). The append that triggers one never waits for it.
 *
 * A notification that fails is dropped: a wake-up only shortens the wait, handlers still
 * poll (`tailInterval`), and a LISTEN connection that loses notifications tells its
 * subscribers to read (see `pgAppendSubscriptions`).
 *
 * @example
 * ```ts
 * const notifier = pgAppendNotifier(run, tables)
 * await ops.append(run, request, { notify: false })
 * notifier.appended(request.stream)
 * ```
 */
export function pgAppendNotifier(run: SqlRun, tables: PgTables): PgAppendNotifier {
  let waiting = new Set<string>()
  let sending = false
  const send = (): void => {
    const streams = [...waiting]
    waiting = new Set()
    sending = true
    const done = (): void => {
      sending = false
      if (waiting.size > 0) send()
    }
    try {
      run(pgNotifyStatement(tables, streams)).then(done, done)
    } catch {
      done()
    }
  }
  return {
    appended(stream) {
      waiting.add(stream)
      if (!sending) send()
    },
  }
}
