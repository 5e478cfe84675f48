import { DuplicateEventError, ProviderError, VersionConflictError, isEvtStoreError } from '../errors.js'
import type { AppendRequest } from '../provider.js'
import type { PgTables } from './pg-tables.js'

/** What a Postgres error means for evtstore. */
export type PgErrorKind = 'version-conflict' | 'duplicate-event' | 'other'

/** SQLSTATE of a unique violation. */
export const PG_UNIQUE_VIOLATION = '23505'

/**
 * The SQLSTATE of a driver error, or `undefined`: node-postgres and postgres.js both
 * put it in `code` (Node's own network errors use `code` too, e.g. `ECONNREFUSED`, so
 * only five-character SQLSTATEs count).
 *
 * @example
 * ```ts
 * pgSqlState(err) === '42P01' // undefined table
 * ```
 */
export function pgSqlState(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/**
 * Whether a driver error says the connection was refused (`ECONNREFUSED`, also inside the
 * `AggregateError` Node gives when it tried several addresses): no connection was made, so
 * no statement was sent and an append that failed this way is known not to be stored.
 *
 * @example
 * ```ts
 * pgConnectionRefused(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 * ```
 */
export function pgConnectionRefused(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.every(pgConnectionRefused)
  return (err as { code?: unknown }).code === 'ECONNREFUSED'
}

/**
 * The constraint a driver error names (`constraint` in node-postgres, `constraint_name` in postgres.js).
 *
 * @example
 * ```ts
 * pgConstraint({ code: '23505', constraint_name: 'events_event_id_key' }) // 'events_event_id_key'
 * ```
 */
export function pgConstraint(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { constraint, constraint_name } = err as { constraint?: unknown; constraint_name?: unknown }
  const name = constraint ?? constraint_name
  return typeof name === 'string' ? name : undefined
}

/**
 * Classifies a driver error by SQLSTATE and constraint name (never by message text):
 * a unique violation of the (stream, aggregate_id, version) constraint is a version
 * conflict, of the event id constraint a duplicate event, anything else is `other`.
 *
 * @example
 * ```ts
 * classifyPgError({ code: '23505', constraint: 'events_version_key' }, pgTables()) // 'version-conflict'
 * ```
 */
export function classifyPgError(err: unknown, tables: PgTables): PgErrorKind {
  if (pgSqlState(err) !== PG_UNIQUE_VIOLATION) return 'other'
  const constraint = pgConstraint(err)
  if (constraint === tables.versionConstraint) return 'version-conflict'
  if (constraint === tables.eventIdConstraint) return 'duplicate-event'
  return 'other'
}

/**
 * Translates an error thrown while appending into the evtstore error to throw:
 * `VersionConflictError`, `DuplicateEventError` or `ProviderError`, each with the driver
 * error as `cause`. evtstore errors pass through unchanged.
 *
 * @example
 * ```ts
 * try { ... } catch (err) { throw pgAppendError('pg', tables, request, err) }
 * ```
 */
export function pgAppendError(
  provider: string,
  tables: PgTables,
  request: AppendRequest,
  err: unknown,
): Error {
  if (isEvtStoreError(err)) return err
  const names = { stream: request.stream, aggregateId: request.aggregateId }
  switch (classifyPgError(err, tables)) {
    case 'version-conflict':
      return new VersionConflictError({ ...names, expectedVersion: request.expectedVersion }, { cause: err })
    case 'duplicate-event':
      return new DuplicateEventError({ ...names, eventIds: request.events.map((e) => e.id) }, { cause: err })
    default:
      return pgProviderError(provider, 'append', err)
  }
}

/**
 * Wraps any other driver error (missing table 42P01, lost connection, ...) in a
 * `ProviderError` with the SQLSTATE in the message and the driver error as `cause`.
 *
 * @example
 * ```ts
 * catch (err) { throw pgProviderError('pg', 'readLog', err) }
 * ```
 */
export function pgProviderError(provider: string, operation: string, err: unknown): Error {
  if (isEvtStoreError(err)) return err
  const state = pgSqlState(err)
  const reason = err instanceof Error ? err.message : String(err)
  return new ProviderError(
    { provider, operation, message: state === undefined ? reason : `${reason} (SQLSTATE ${state})` },
    { cause: err },
  )
}

/**
 * The `failure` translation of a Postgres provider (see the toolkit's `defineProvider`):
 * an append's unique violation on the version constraint is a `VersionConflictError`, on
 * the event id constraint a `DuplicateEventError`; any other error goes to
 * `providerError` (default {@link pgProviderError}).
 *
 * @example
 * ```ts
 * const failure = pgFailure('pg', tables)
 * failure('append', { code: '23505', constraint: 'events_version_key' }, request) // VersionConflictError
 * ```
 */
export function pgFailure(
  provider: string,
  tables: PgTables,
  providerError: (provider: string, operation: string, err: unknown) => Error = pgProviderError,
): (operation: string, err: unknown, request?: AppendRequest) => Error {
  return (operation, err, request) =>
    request !== undefined && classifyPgError(err, tables) !== 'other'
      ? pgAppendError(provider, tables, request, err)
      : providerError(provider, operation, err)
}
