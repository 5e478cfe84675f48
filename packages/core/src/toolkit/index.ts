// @evtstore/core/toolkit: driver-free building blocks for provider authors. The
// Postgres statements here are shared by @evtstore/provider-pg, @evtstore/provider-postgres
// and @evtstore/provider-knex (on Postgres).
export { MAX_IDENTIFIER_LENGTH, derivedName, parseTableName, quoteIdentifier } from './table-name.js'
export type { TableName } from './table-name.js'
export { decodeJson, decodeMeta, encodeEventBatch } from './json-codec.js'
export { decodePgPosition, encodePgPosition } from './pg-position.js'
export type { PgLogKey } from './pg-position.js'
export { pgStatementName, toQuestionMarks } from './pg-statement.js'
export type { PgStatement } from './pg-statement.js'
export { pgTables, quotedDerivedName } from './pg-tables.js'
export type { PgTables } from './pg-tables.js'
export { pgMigrateScript } from './pg-migrate.js'
export {
  pgAppendStatement,
  pgGetBookmarkStatement,
  pgHeadVersionStatement,
  pgReadAggregateStatement,
  pgReadLogStatement,
  pgSetBookmarkStatement,
} from './pg-queries.js'
export { pgAppendResult, pgRowToEvent } from './pg-rows.js'
export type { PgAppendRow, PgEventRow } from './pg-rows.js'
export {
  PG_UNIQUE_VIOLATION,
  classifyPgError,
  pgAppendError,
  pgConstraint,
  pgProviderError,
  pgSqlState,
} from './pg-errors.js'
export type { PgErrorKind } from './pg-errors.js'
export { PG_APPEND_ATTEMPTS, isPgRetryable, pgAppendWithRetry } from './pg-retry.js'
export { pgOperations } from './pg-operations.js'
export type { PgOperations, PgRun } from './pg-operations.js'
export { createPgProvider } from './pg-provider.js'
export type { PgProviderParts } from './pg-provider.js'
export { driverOption, limitOption } from './driver-option.js'
