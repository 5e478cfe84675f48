import { ProviderError } from '@evtstore/core'
import type { ProviderOperation } from '@evtstore/core/toolkit'

/** The status code of a Neo4j error (`Neo.ClientError...`, or the driver's `ServiceUnavailable`). */
export function neo4jErrorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}

/** Transient codes that mean "someone stopped this on purpose": never retried. */
const NOT_RETRIED = new Set([
  'Neo.TransientError.Transaction.Terminated',
  'Neo.TransientError.Transaction.LockClientStopped',
])

/** Failures worth running the whole transaction again for: nothing of it was committed. */
const RETRIED = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
])

/**
 * Whether a failed transaction may simply be run again: transient server errors
 * (`Neo.TransientError.*`, e.g. `DeadlockDetected`), a lost connection, or a cluster
 * whose leader moved. Terminated transactions are not retried.
 *
 * @example
 * ```ts
 * isRetryableNeo4jError({ code: 'Neo.TransientError.Transaction.DeadlockDetected' }) // true
 * isRetryableNeo4jError({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' }) // false
 * ```
 */
export function isRetryableNeo4jError(err: unknown): boolean {
  const code = neo4jErrorCode(err)
  if (code === undefined || NOT_RETRIED.has(code)) return false
  return code.startsWith('Neo.TransientError.') || RETRIED.has(code) || isSchemaChurn(code, err)
}

/**
 * Neo4j reports two races with other schema changes on the same server (migrations of
 * other stores) as database errors, not transient ones: it gives up planning a query ("Could
 * not compile query due to insanely frequent schema changes"; 4.4 names it
 * `Statement.ExecutionFailed`, 5.26 through a 5.0 driver `General.UnknownError`), and 4.4 refuses to create a
 * constraint when another one was created after its transaction started ("Database
 * constraints have changed ... after this transaction ... started ... Please retry your
 * transaction"). Nothing was done; running it again once the schema settles succeeds.
 */
function isSchemaChurn(code: string, err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err)
  if (code.startsWith('Neo.DatabaseError.') && /frequent schema changes/i.test(message)) return true
  if (code === 'Neo.DatabaseError.Schema.ConstraintCreationFailed') return /constraints have changed .*after this transaction/i.test(message)
  return false
}

/**
 * Whether a write broke a uniqueness constraint. Which one is found out by reading, not
 * from the message.
 *
 * @example
 * ```ts
 * isConstraintViolation({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' }) // true
 * ```
 */
export function isConstraintViolation(err: unknown): boolean {
  return neo4jErrorCode(err) === 'Neo.ClientError.Schema.ConstraintValidationFailed'
}

/**
 * The `ProviderError` for a driver failure: the operation, the Neo4j status code in the
 * message, and the driver's error as `cause`.
 *
 * @example
 * ```ts
 * throw neo4jProviderError('neo4j', 'readLog', err)
 * ```
 */
export function neo4jProviderError(
  provider: string,
  operation: ProviderOperation | 'migrate',
  err: unknown,
): ProviderError {
  const code = neo4jErrorCode(err)
  const message = err instanceof Error ? err.message : String(err)
  return new ProviderError(
    { provider, operation, message: code === undefined ? message : `${message} (${code})` },
    { cause: err },
  )
}

/**
 * Thrown (as the cause of a `ProviderError`) when the store's counter node is missing:
 * `migrate()` has not run for these labels (Neo4j itself would accept any label).
 */
export class StoreNotMigratedError extends Error {
  constructor(label: string) {
    super(`no counter node ${label} found: run migrate() with the same labels first`)
    this.name = 'StoreNotMigratedError'
  }
}

/**
 * Thrown (as the cause of a `ProviderError`) by a lease call on a store whose lease nodes
 * have no unique constraint on their name: it was migrated before this version had
 * leases. Run `migrate()` again (it adds the constraint and changes nothing else).
 */
export class LeasesNotMigratedError extends Error {
  constructor(label: string) {
    super(`no uniqueness constraint on :${label}(name) found: run migrate() with the same labels again to add it before using exclusive or partitioned handlers`)
    this.name = 'LeasesNotMigratedError'
  }
}
