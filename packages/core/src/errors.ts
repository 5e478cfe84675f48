/**
 * The errors evtstore throws. Each has a stable `code`, the names involved and, where
 * another error caused it, `cause`. Use the `isX` guards rather than `instanceof`: they
 * work even when two copies of core end up in one program.
 *
 * @example
 * ```ts
 * try {
 *   await cmds.withdraw(id, { amount: 50 })
 * } catch (err) {
 *   if (isCommandError(err)) return reply(422, err.message)
 *   if (isVersionConflictError(err)) return reply(409, 'try again')
 *   throw err
 * }
 * ```
 */
export type ErrorCode =
  | 'VERSION_CONFLICT'
  | 'DUPLICATE_EVENT'
  | 'COMMAND_REJECTED'
  | 'VALIDATION_FAILED'
  | 'PROVIDER_FAILURE'
  | 'APPEND_OUTCOME_UNKNOWN'
  | 'LEASE_UNAVAILABLE'
  | 'MIGRATION_CONFLICT'

/** Base class of every error evtstore throws. */
export class EvtStoreError extends Error {
  /** The stable code of this kind of error: compare it, not the message. */
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.name = new.target.name
  }
}

/**
 * An append named an expected version that is not the aggregate's current version:
 * another append got there first (or the caller's view is stale). Nothing was stored.
 */
export class VersionConflictError extends EvtStoreError {
  /** The stream (aggregate type) appended to. */
  readonly stream: string
  /** The aggregate appended to. */
  readonly aggregateId: string
  /** The version the append expected to find. */
  readonly expectedVersion: number
  /** The version found, when the provider could tell cheaply. */
  readonly actualVersion: number | undefined

  constructor(
    details: { stream: string; aggregateId: string; expectedVersion: number; actualVersion?: number },
    options?: { cause?: unknown },
  ) {
    const found = details.actualVersion === undefined ? '' : `, found ${details.actualVersion}`
    super(
      'VERSION_CONFLICT',
      `version conflict on ${details.stream}/${details.aggregateId}: expected version ${details.expectedVersion}${found}`,
      options,
    )
    this.stream = details.stream
    this.aggregateId = details.aggregateId
    this.expectedVersion = details.expectedVersion
    this.actualVersion = details.actualVersion
  }
}

/** An event id was already stored: the append was refused and nothing was stored. */
export class DuplicateEventError extends EvtStoreError {
  /** The stream appended to. */
  readonly stream: string
  /** The aggregate appended to. */
  readonly aggregateId: string
  /** The ids of the append that were already stored. */
  readonly eventIds: string[]

  constructor(
    details: { stream: string; aggregateId: string; eventIds: string[] },
    options?: { cause?: unknown },
  ) {
    super(
      'DUPLICATE_EVENT',
      `duplicate event id on ${details.stream}/${details.aggregateId}: ${details.eventIds.join(', ')}`,
      options,
    )
    this.stream = details.stream
    this.aggregateId = details.aggregateId
    this.eventIds = details.eventIds
  }
}

/**
 * A command broke a domain rule. Throw it from a command handler; core fills in the
 * command, stream and aggregate names and rethrows it to the caller.
 *
 * @example
 * ```ts
 * if (agg.balance < cmd.amount) throw new CommandError('insufficient funds', { details: { balance: agg.balance } })
 * ```
 */
export class CommandError extends EvtStoreError {
  /** The command that threw, filled in by core. */
  command: string | undefined
  /** The aggregate's stream, filled in by core. */
  stream: string | undefined
  /** The aggregate the command ran on, filled in by core. */
  aggregateId: string | undefined
  /** Optional JSON-safe details for the caller. */
  readonly details: Record<string, unknown> | undefined

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super('COMMAND_REJECTED', message, options)
    this.details = options?.details
    this.command = undefined
    this.stream = undefined
    this.aggregateId = undefined
  }
}

/**
 * Input was refused before any I/O: a payload that is not JSON, an invalid table name,
 * a bad option. `path` names the offending field (e.g. `event.amount` or `options.events`).
 */
export class ValidationError extends EvtStoreError {
  /** The offending field, such as `event.amount` or `options.events`. */
  readonly path: string

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('VALIDATION_FAILED', `${path}: ${message}`, options)
    this.path = path
  }
}

/**
 * The database or driver failed: lost connection, missing table, a constraint other than
 * the version clash. `cause` is the driver's own error.
 */
export class ProviderError extends EvtStoreError {
  /** The provider that failed, such as `pg` or `knex`. */
  readonly provider: string
  /** What it was doing: `append`, `readLog`, `migrate`, ... */
  readonly operation: string

  constructor(details: { provider: string; operation: string; message?: string }, options?: { cause?: unknown }) {
    const reason =
      details.message ?? (options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'failed'))
    super('PROVIDER_FAILURE', `${details.provider}.${details.operation} failed: ${reason}`, options)
    this.provider = details.provider
    this.operation = details.operation
  }
}

/**
 * An append was sent, and then its answer was lost (the connection dropped, the driver
 * returned a malformed result) and looking its event ids up failed too: the events may or
 * may not be stored. Look them up later (or retry with the same event ids: a stored
 * append then fails with `DuplicateEventError`). Providers throw it only when they could
 * not tell; an append found stored is returned as stored, one found missing is a
 * `ProviderError` that says it was not stored.
 */
export class AppendOutcomeUnknownError extends EvtStoreError {
  /** The provider whose answer was lost. */
  readonly provider: string
  /** The stream appended to. */
  readonly stream: string
  /** The aggregate appended to. */
  readonly aggregateId: string
  /** The ids of the append: look them up to learn whether it was stored. */
  readonly eventIds: string[]

  constructor(
    details: { provider: string; stream: string; aggregateId: string; eventIds: string[]; reason: string },
    options?: { cause?: unknown },
  ) {
    super(
      'APPEND_OUTCOME_UNKNOWN',
      `${details.provider}.append: cannot tell whether the append to ${details.stream}/${details.aggregateId} was stored: ${details.reason}`,
      options,
    )
    this.provider = details.provider
    this.stream = details.stream
    this.aggregateId = details.aggregateId
    this.eventIds = details.eventIds
  }
}

/**
 * An exclusive handler (or one of its partitions) could not work because another process
 * holds its lease: `reason` is `'held'` when `runOnce()` found the lease taken, `'lost'` when
 * the lease passed to another process during a run (its bookmark write was refused by the
 * fence, so the other process continues from the last bookmark this one saved).
 */
export class LeaseError extends EvtStoreError {
  /** The handler's name. */
  readonly handler: string
  /** The lease's name: the handler's bookmark name. */
  readonly lease: string
  /** `held`: another process had the lease; `lost`: it passed to another process during a run. */
  readonly reason: 'held' | 'lost'

  constructor(details: { handler: string; lease: string; reason: 'held' | 'lost' }, options?: { cause?: unknown }) {
    const what = details.reason === 'held' ? 'is held by another process' : 'was lost to another process'
    super('LEASE_UNAVAILABLE', `handler '${details.handler}': the lease '${details.lease}' ${what}`, options)
    this.handler = details.handler
    this.lease = details.lease
    this.reason = details.reason
  }
}

/**
 * A data migration (such as `migrateFromV12`) found the target holding something else
 * where a copied event belongs: another event at the same stream, aggregate and version.
 * Nothing of that aggregate was overwritten; the migration stopped there.
 */
export class MigrationConflictError extends EvtStoreError {
  /** The stream of the clashing event. */
  readonly stream: string
  /** The aggregate of the clashing event. */
  readonly aggregateId: string
  /** The version both events claim. */
  readonly version: number

  constructor(details: { stream: string; aggregateId: string; version: number; reason: string }, options?: { cause?: unknown }) {
    super('MIGRATION_CONFLICT', `migration conflict on ${details.stream}/${details.aggregateId} version ${details.version}: ${details.reason}`, options)
    this.stream = details.stream
    this.aggregateId = details.aggregateId
    this.version = details.version
  }
}

function hasCode(err: unknown, code: ErrorCode): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === code
}

/** True for any error evtstore threw. */
export function isEvtStoreError(err: unknown): err is EvtStoreError {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  return (
    code === 'VERSION_CONFLICT' ||
    code === 'DUPLICATE_EVENT' ||
    code === 'COMMAND_REJECTED' ||
    code === 'VALIDATION_FAILED' ||
    code === 'PROVIDER_FAILURE' ||
    code === 'APPEND_OUTCOME_UNKNOWN' ||
    code === 'LEASE_UNAVAILABLE' ||
    code === 'MIGRATION_CONFLICT'
  )
}
/** True for a {@link VersionConflictError}. */
export function isVersionConflictError(err: unknown): err is VersionConflictError {
  return hasCode(err, 'VERSION_CONFLICT')
}
/** True for a {@link DuplicateEventError}. */
export function isDuplicateEventError(err: unknown): err is DuplicateEventError {
  return hasCode(err, 'DUPLICATE_EVENT')
}
/** True for a {@link CommandError}. */
export function isCommandError(err: unknown): err is CommandError {
  return hasCode(err, 'COMMAND_REJECTED')
}
/** True for a {@link ValidationError}. */
export function isValidationError(err: unknown): err is ValidationError {
  return hasCode(err, 'VALIDATION_FAILED')
}
/** True for a {@link ProviderError}. */
export function isProviderError(err: unknown): err is ProviderError {
  return hasCode(err, 'PROVIDER_FAILURE')
}
/** True for an {@link AppendOutcomeUnknownError}. */
export function isAppendOutcomeUnknownError(err: unknown): err is AppendOutcomeUnknownError {
  return hasCode(err, 'APPEND_OUTCOME_UNKNOWN')
}
/** True for a {@link LeaseError}. */
export function isLeaseError(err: unknown): err is LeaseError {
  return hasCode(err, 'LEASE_UNAVAILABLE')
}
/** True for a {@link MigrationConflictError}. */
export function isMigrationConflictError(err: unknown): err is MigrationConflictError {
  return hasCode(err, 'MIGRATION_CONFLICT')
}
