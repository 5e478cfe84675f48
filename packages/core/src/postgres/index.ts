// @evtstore/core/postgres: the Postgres building blocks that @evtstore/provider-pg,
// @evtstore/provider-postgres and @evtstore/provider-knex (on Postgres) all send, so the
// SQL lives once. A Postgres provider validates its options, adapts its driver to one
// `SqlRun` and hands it to `createPgProvider`.
export { PG_CAPABILITIES, createPgProvider } from './pg-provider.js'
export type { PgNotifyMode, PgProviderParts } from './pg-provider.js'
export { PG_NOTIFY_INTERVAL_MS, pgAppendNotifier } from './pg-notifier.js'
export type { PgAppendNotifier, PgAppendNotifierOptions } from './pg-notifier.js'
export { pgTables, quotedDerivedName } from './pg-tables.js'
export type { PgTables } from './pg-tables.js'
export { pgMigrateScript } from './pg-migrate.js'
export { pgReadSnapshotStatement, pgSnapshotCalls, pgWriteSnapshotStatement } from './pg-snapshots.js'
export { pgOperations } from './pg-operations.js'
export { pgSavepoint } from './pg-transaction.js'
export type { PgTransact, PgTransactionConnection } from './pg-transaction.js'
export { pgAppendSubscriptions, pgClientListen, pgListenStatement } from './pg-listen.js'
export type { PgListen, PgListenBackoff, PgListenConnection, PgListenEvents, PgNotifyingClient } from './pg-listen.js'
export type { PgOperations } from './pg-operations.js'
export {
  pgAppendMissStatement,
  pgAppendStatement,
  pgNotifyStatement,
  pgGetBookmarkStatement,
  pgHeadVersionStatement,
  pgReadAggregateStatement,
  pgReadLogStatement,
  pgSetBookmarkStatement,
  pgEventsByIdStatement,
  pgStoredEventIdsStatement,
} from './pg-queries.js'
export { pgAcquireLeaseStatement, pgFencedBookmarkStatement, pgReleaseLeaseStatement } from './pg-lease-queries.js'
export { pgAggregateRowsToEvents, pgAppendMissResult, pgAppendResult, pgRowToEvent } from './pg-rows.js'
export type { PgAggregateRow, PgAppendMissRow, PgAppendRow, PgEventRow } from './pg-rows.js'
export { decodePgPosition, encodePgPosition } from './pg-position.js'
export type { PgLogKey } from './pg-position.js'
export { pgStatementName, toQuestionMarks } from './pg-statement.js'
export {
  PG_UNIQUE_VIOLATION,
  classifyPgError,
  pgAppendError,
  pgConstraint,
  pgFailure,
  pgProviderError,
  pgSqlState,
} from './pg-errors.js'
export type { PgErrorKind } from './pg-errors.js'
export { PG_APPEND_ATTEMPTS, isPgRetryable, pgAppendWithRetry } from './pg-retry.js'
export { pgV12Source } from './v12/pg-v12-source.js'
export type { PgV12Tables } from './v12/pg-v12-source.js'
export { pgRestoreTimestamps } from './v12/pg-restore-timestamps.js'
