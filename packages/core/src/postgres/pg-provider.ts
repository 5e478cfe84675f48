import type { Position } from '../position.js'
import type { HandlerTransaction, Provider, ProviderCapabilities } from '../provider.js'
import { defineProvider } from '../toolkit/define-provider.js'
import type { SqlRun } from '../toolkit/sql-statement.js'
import { VersionConflictError } from '../errors.js'
import { assertInteger } from '../guard/validate-request.js'
import { classifyPgError, pgConnectionRefused, pgFailure, pgSqlState } from './pg-errors.js'
import { decodePgPosition } from './pg-position.js'
import { MAX_NOTIFY_INTERVAL_MS, pgAppendNotifier } from './pg-notifier.js'
import { pgOperations } from './pg-operations.js'
import { pgAcquireLeaseStatement, pgFencedBookmarkStatement, pgReleaseLeaseStatement } from './pg-lease-queries.js'
import { pgAppendWithRetry } from './pg-retry.js'
import type { PgTables } from './pg-tables.js'
import { pgSnapshotCalls } from './pg-snapshots.js'
import { pgAppendSubscriptions, type PgListen } from './pg-listen.js'
import type { PgTransact } from './pg-transaction.js'

/**
 * What a Postgres store holds, declared so core refuses more before any I/O: a btree
 * index entry holds at most about 2,700 bytes, and stream and aggregate id share one
 * (the unique version key), the event id and the bookmark name have one each; no text
 * may hold U+0000.
 */
export const PG_CAPABILITIES: ProviderCapabilities = {
  maxKeyBytes: { stream: 1024, aggregateId: 1024, eventId: 2048, bookmark: 2048 },
  // Neither `text` nor `jsonb` can hold U+0000.
  nulInText: false,
  // Handler leases in the `<bookmarks>_leases` table, fenced bookmark writes.
  leases: true,
}

/** Whether `position` is one a Postgres store can produce: a transaction id and a bigint sequence. */
function isPgPosition(position: Position): boolean {
  try {
    decodePgPosition(position)
    return true
  } catch {
    return false
  }
}

/** What {@link createPgProvider} needs from a driver package. */
export interface PgProviderParts<Tx = unknown> {
  /** The provider's name in errors and `provider.name`, e.g. `'pg'`. */
  name: string
  /** The validated tables (see `pgTables`). */
  tables: PgTables
  /** Largest page one read returns, whatever core asks for (an integer >= 1). */
  limit: number
  /** Sends one statement through the driver and resolves to its rows. */
  run: SqlRun
  /**
   * Builds the `ProviderError` for a driver failure that is not a version clash or a
   * duplicate id. Default `pgProviderError` (the driver's message and SQLSTATE); a driver
   * wrapper whose errors carry more than the database's message (knex writes the SQL and
   * the values into it) passes its own.
   */
  providerError?: (provider: string, operation: string, err: unknown) => Error
  /**
   * Opens a dedicated LISTEN connection (see `PgListen`). Given, the provider has
   * `subscribeAppends` (one connection shared by its subscribers, reopened with backoff
   * when lost) and its capabilities say `push: true`: running handlers wake as soon as
   * an append commits. Appends notify either way.
   */
  listen?: PgListen
  /**
   * Where an append's push wake-up is sent from:
   * - `'in-append'` (the default): the append statement itself calls `pg_notify`. No
   *   extra statement, but Postgres commits notifying transactions one at a time, so
   *   concurrent appends cannot commit together (measured here: half the appends per
   *   second at 16 writers).
   * - `'after-append'`: the append does not notify; a separate statement does once it
   *   has committed, coalesced (at most one in flight, at most one per `notifyInterval`,
   *   see `pgAppendNotifier`) and never awaited by the append. For a `run` that spreads
   *   statements over a pool; on a single connection the notification would queue in
   *   front of the next append.
   * - a function resolving to one of these, asked once, before the first append (for a
   *   driver option that may be a promise of a pool or of one client).
   */
  notify?: PgNotifyMode | (() => Promise<PgNotifyMode>)
  /**
   * With `'after-append'`: the least time in whole ms (0 to 60,000) between the starts of
   * two wake-up statements (default `PG_NOTIFY_INTERVAL_MS`, 2 ms; see `pgAppendNotifier`). Larger
   * sends fewer statements under load and delays a busy handler's wake-up by up to that.
   */
  notifyInterval?: number
  /**
   * Opens a transaction on a connection of the driver's (see `PgTransact`). Given, the
   * provider has `transaction` (the bookmark saved through the transaction's `run`, fenced
   * by the lease in the same statement as `setFencedBookmark`) and its capabilities say
   * `transactionalHandlers: true`.
   */
  transaction?: PgTransact<Tx>
}

/** Where an append's push wake-up is sent from; see `PgProviderParts.notify`. */
export type PgNotifyMode = 'in-append' | 'after-append'

/**
 * A complete evtstore provider on Postgres from a driver adapter: only `run` knows the
 * driver. Every call is one statement from `@evtstore/core/postgres` (appends atomic and
 * version-checked, sent again on serialization failures and deadlocks, see
 * `pgAppendWithRetry`; log reads gated below the oldest open transaction), assembled with
 * the toolkit's `defineProvider`: reads are capped at `limit`, and driver errors become
 * `VersionConflictError`, `DuplicateEventError` (naming the ids that clash) or
 * `ProviderError`, with the driver error as `cause`.
 *
 * @example
 * ```ts
 * import { createPgProvider, pgTables } from '@evtstore/core/postgres'
 * const provider = createPgProvider({
 *   name: 'pg',
 *   tables: pgTables({ events: 'events' }),
 *   limit: 1000,
 *   run: async ({ text, values }) => (await pool.query({ text, values: [...values] })).rows,
 * })
 * ```
 */
export function createPgProvider<Tx = unknown>(parts: PgProviderParts<Tx>): Provider<Tx> {
  const { name, tables, limit, run } = parts
  const ops = pgOperations(name, tables)
  const transact = parts.transaction
  const notifyMode = pgNotifyModeOf(parts.notify)
  // checked here too, so the error names this option rather than the notifier's
  if (parts.notifyInterval !== undefined) assertInteger(parts.notifyInterval, 'notifyInterval', 0, MAX_NOTIFY_INTERVAL_MS)
  const notifier = pgAppendNotifier(run, tables, { interval: parts.notifyInterval })

  return defineProvider<Tx>({
    name,
    limit,
    fullAggregatePages: true,
    // Aggregate snapshots live in the table `<events>_snapshots` that migrate creates.
    capabilities: { ...PG_CAPABILITIES, snapshots: true },
    acceptsPosition: isPgPosition,
    append: async (request) => {
      const mode = notifyMode()
      const after = (typeof mode === 'string' ? mode : await mode) === 'after-append'
      try {
        const stored = await pgAppendWithRetry(
          request,
          () => ops.append(run, request, { notify: !after }),
          () => ops.headVersion(run, request),
        )
        if (after) notifier.appended(request.stream)
        return stored
      } catch (err) {
        if (classifyPgError(err, tables) !== 'version-conflict') throw err
        // A stale writer meets the unique version key: read the head once so the error
        // says where the aggregate is (the conflict stands if that read fails).
        const actualVersion = await ops.headVersion(run, request).catch(() => undefined)
        const { stream, aggregateId, expectedVersion } = request
        throw new VersionConflictError(
          { stream, aggregateId, expectedVersion, ...(actualVersion === undefined ? {} : { actualVersion }) },
          { cause: err },
        )
      }
    },
    readAggregate: (request) => ops.readAggregate(run, request),
    readLog: (request) => ops.readLog(run, request),
    getBookmark: (bookmark) => ops.getBookmark(run, bookmark),
    setBookmark: (bookmark, position) => ops.setBookmark(run, bookmark, position),
    storedEventIds: (ids) => ops.storedEventIds(run, ids),
    ...pgSnapshotCalls(tables, run),
    ...(parts.listen === undefined ? {} : { subscribeAppends: pgAppendSubscriptions(tables.channel, parts.listen) }),
    ...(transact === undefined
      ? {}
      : {
          transaction: <T>(work: (transaction: HandlerTransaction<Tx>) => Promise<T>) =>
            transact((connection) =>
              work({
                tx: connection.tx,
                savepoint: (inner) => connection.savepoint(inner),
                setBookmark: (bookmark, position) => ops.setBookmark(connection.run, bookmark, position),
                setFencedBookmark: async (bookmark, position, holder) =>
                  (await connection.run(pgFencedBookmarkStatement(tables, bookmark, position, holder))).length > 0,
              }),
            ),
        }),
    failure: pgFailure(name, tables, parts.providerError),
    // No SQLSTATE: the error is not the server's answer (a dropped connection, a driver
    // failure), so the statement may have run. Look the event ids up — unless no
    // connection was made at all (refused: the server is down), when nothing was sent.
    isOutcomeUnknown: (err) => pgSqlState(err) === undefined && !pgConnectionRefused(err),
    findAppended: (request) => ops.eventsById(run, request.events.map((e) => e.id)),
    leases: {
      async acquire(request) {
        const [row] = (await run(pgAcquireLeaseStatement(tables, request))) as Array<{ token: unknown }>
        return row === undefined ? undefined : Number(row.token)
      },
      async release(lease, holder) {
        await run(pgReleaseLeaseStatement(tables, lease, holder))
      },
      async setFencedBookmark(bookmark, position, holder) {
        const rows = await run(pgFencedBookmarkStatement(tables, bookmark, position, holder))
        return rows.length > 0
      },
    },
  })
}

/**
 * `parts.notify` as a function that answers the mode itself once it is known (so an append
 * awaits nothing for it), asking a function option once; a refused answer is asked again
 * on the next append.
 */
function pgNotifyModeOf(notify: PgProviderParts['notify']): () => Promise<PgNotifyMode> | PgNotifyMode {
  if (typeof notify !== 'function') {
    const mode = notify ?? 'in-append'
    return () => mode
  }
  let decided: PgNotifyMode | undefined
  let deciding: Promise<PgNotifyMode> | undefined
  return () => {
    if (decided !== undefined) return decided
    deciding ??= notify().then(
      (mode) => (decided = mode === 'after-append' ? mode : 'in-append'),
      (error: unknown) => {
        deciding = undefined
        throw error
      },
    )
    return deciding
  }
}
