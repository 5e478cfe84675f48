import { ValidationError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger, assertName } from '../guard/validate-request.js'

/** What `snapshot.onError` is told about a snapshot that could not be read or written. */
export interface SnapshotFailure {
  /** The provider call that failed. */
  operation: 'readSnapshot' | 'writeSnapshot'
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /** The version being written; undefined for a read. */
  version: number | undefined
}

/**
 * The `snapshot` option of `createAggregate`: store the folded state now and then, so a
 * load reads the snapshot and folds only the events after it. Needs a provider with the
 * `snapshots` capability.
 *
 * @example
 * ```ts
 * createAggregate({ stream: 'account', create, fold, snapshot: { key: 'account-v3', every: 100 } })
 * ```
 */
export interface SnapshotOptions {
  /**
   * The version of `create`/`fold` the snapshots were made with (any string, e.g.
   * `'2024-06-01'` or `'v3'`). Change it whenever `fold` or the state's shape changes:
   * snapshots with another key are then ignored (and replaced by the next write).
   */
  key: string
  /**
   * Store a snapshot whenever an append makes the version reach a multiple of `every`, and
   * when a load folds `every` or more events after the snapshot it started from. Leave it
   * out to store snapshots only on demand (`domain.<name>.saveSnapshot(id)`).
   */
  every?: number
  /**
   * Called when a snapshot could not be read (the load then folds from the first event)
   * or written (nothing else changes): snapshots never fail a load or a command. Default:
   * a process warning (`process.emitWarning`).
   */
  onError?: (error: unknown, failure: SnapshotFailure) => void
}

/** Validates the `snapshot` option of an aggregate definition; returns a frozen copy. */
export function parseSnapshotOptions(value: unknown, path: string): SnapshotOptions {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, "must be { key: 'v1', every?: n }")
  refuseUnknownKeys(value, path, ['key', 'every', 'onError'])
  const { key, every, onError } = value as Partial<SnapshotOptions>
  assertName(key, `${path}.key`)
  if (every !== undefined) assertInteger(every, `${path}.every`, 1)
  if (onError !== undefined && typeof onError !== 'function') throw new ValidationError(`${path}.onError`, 'must be a function')
  return Object.freeze({ key, ...(every === undefined ? {} : { every }), ...(onError === undefined ? {} : { onError }) })
}
