// @evtstore/core/toolkit: the database-neutral building blocks every provider uses:
// defineProvider (the one way a provider is assembled), option checks, name validation,
// the JSON codec, the SQL statement shape, bounded retries. Nothing here knows a
// database; the Postgres statements live in @evtstore/core/postgres.
export { defineProvider } from './define-provider.js'
export type { LeaseDefinition, ProviderDefinition, ProviderOperation } from './define-provider.js'
export { appendedEnvelope } from './appended-envelope.js'
export { driverOption, limitOption } from './driver-option.js'
export { IDENTIFIER_PATTERN, identifierOption } from './identifier-option.js'
export { MAX_IDENTIFIER_LENGTH, derivedName, parseTableName, quoteIdentifier } from './table-name.js'
export type { TableName } from './table-name.js'
export { leaseTableOf } from './lease-table.js'
export { decodeJson, decodeMeta, encodeEventBatch } from './json-codec.js'
export type { SqlRun, SqlStatement } from './sql-statement.js'
export { retryWithBackoff } from './retry-with-backoff.js'
export type { RetryOptions } from './retry-with-backoff.js'
export { checkAppendFits, checkNameFits } from '../guard/provider-limits.js'
export { V12_REPLACEMENTS, refuseUnknownKeys } from '../guard/known-options.js'
export { V12_MIGRATION_OPTIONS, V12_PROGRESS_BOOKMARK, copyV12Store } from './v12/copy-v12-store.js'
export type { V12BookmarkResult, V12MigrationOptions, V12MigrationResult, V12Target } from './v12/copy-v12-store.js'
export type { V12Source, V12SourceBookmark, V12SourceEvent } from './v12/v12-source.js'
export { v12EventId } from './v12/v12-event-id.js'
export { parseV12CliArguments, runV12Cli } from './v12/run-v12-cli.js'
export type { V12CliArguments, V12CliDefinition } from './v12/run-v12-cli.js'
