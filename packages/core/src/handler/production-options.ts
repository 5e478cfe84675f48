import { ValidationError } from '../errors.js'
import { MAX_LEASE_MS } from '../guard/lease-checks.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger } from '../guard/validate-request.js'
import type { Provider } from '../provider.js'
import type { HandlerHooks } from './handler-status.js'
import type { ExclusiveOptions, HandlerOptions } from './handler-types.js'
import type { LeaseSettings } from './lease-keeper.js'
import { checkPartition, type PartitionOption } from './partition.js'
import { checkRetryPolicy, type RetrySettings } from './retry-policy.js'

/** Default lease timings of an exclusive handler. */
export const EXCLUSIVE_DEFAULTS = {
  /** How long a lease lasts without renewal, in milliseconds. */
  leaseMs: 10_000,
} as const

/** The validated `exclusive`, `partition`, `retry` and `hooks` options. */
export interface ProductionSettings {
  exclusive: LeaseSettings | undefined
  partition: PartitionOption | undefined
  retry: RetrySettings | undefined
  hooks: HandlerHooks
}

const HOOKS = ['onStateChange', 'onBatch', 'onCaughtUp', 'onLease', 'onFailure'] as const

function checkExclusive(value: HandlerOptions['exclusive'], provider: Provider): LeaseSettings | undefined {
  if (value === undefined || value === false) return undefined
  if (value !== true && (typeof value !== 'object' || value === null)) {
    throw new ValidationError('options.exclusive', 'must be true, false or an object { leaseMs, renewMs, standbyPollMs }')
  }
  const hasLeases =
    provider.capabilities?.leases === true &&
    typeof provider.acquireLease === 'function' &&
    typeof provider.releaseLease === 'function' &&
    typeof provider.setFencedBookmark === 'function'
  if (!hasLeases) {
    throw new ValidationError(
      'options.exclusive',
      `the ${provider.name} provider does not keep leases (no 'leases' capability), so handlers cannot be exclusive on it`,
    )
  }
  const given: ExclusiveOptions = value === true ? {} : value
  refuseUnknownKeys(given, 'options.exclusive', ['leaseMs', 'renewMs', 'standbyPollMs'])
  const leaseMs = given.leaseMs ?? EXCLUSIVE_DEFAULTS.leaseMs
  assertInteger(leaseMs, 'options.exclusive.leaseMs', 100, MAX_LEASE_MS)
  const renewMs = given.renewMs ?? Math.floor(leaseMs / 3)
  assertInteger(renewMs, 'options.exclusive.renewMs', 1, Math.floor(leaseMs * 0.9) - 1)
  const standbyPollMs = given.standbyPollMs ?? Math.floor(leaseMs / 3)
  assertInteger(standbyPollMs, 'options.exclusive.standbyPollMs', 1, MAX_LEASE_MS)
  return { leaseMs, renewMs, standbyPollMs }
}

/** Validates the production options of `createHandler` (before any I/O). */
export function checkProductionOptions(options: HandlerOptions, provider: Provider): ProductionSettings {
  const exclusive = checkExclusive(options.exclusive, provider)
  const partition = checkPartition(options.partition)
  const retry = checkRetryPolicy(options.retry)
  if (retry !== undefined && options.continueOnError === true) {
    throw new ValidationError('options.retry', 'cannot be combined with continueOnError: the retry policy decides what happens to a failing event')
  }
  const hooks = options.hooks ?? {}
  if (typeof hooks !== 'object' || hooks === null) throw new ValidationError('options.hooks', 'must be an object')
  refuseUnknownKeys(hooks, 'options.hooks', HOOKS)
  for (const key of HOOKS) {
    if (hooks[key] !== undefined && typeof hooks[key] !== 'function') throw new ValidationError(`options.hooks.${key}`, 'must be a function')
  }
  return { exclusive, partition, retry, hooks }
}
