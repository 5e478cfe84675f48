import type { StoredEvent } from '../envelope.js'
import { ValidationError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger } from '../guard/validate-request.js'

/** What the dead letter is told besides the error and the event. */
export interface DeadLetterInfo {
  /** The handler's bookmark name (`name#index/count` for a partition). */
  bookmark: string
  /** How many times the event was tried. */
  attempts: number
}

/**
 * The `retry` option of `createHandler`: how often a failing event is tried, and what
 * happens to it afterwards.
 *
 * @example
 * ```ts
 * createHandler('emails', ['user'], {
 *   retry: {
 *     attempts: 5,
 *     backoff: { initialMs: 200, maxMs: 5_000 },
 *     deadLetter: async (error, event) => db.insert('dead_letters', { id: event.id, error: String(error) }),
 *     afterDeadLetter: 'skip',
 *   },
 * })
 * ```
 */
export interface RetryPolicy {
  /** Tries per event in all (1 = no retry), 1 to 100. */
  attempts: number
  /** Waits between tries: doubles from `initialMs` (default 100) up to `maxMs` (default 5,000). */
  backoff?: {
    /** The first wait, in milliseconds (default 100). */
    initialMs?: number
    /** The longest wait, in milliseconds (default 5,000). */
    maxMs?: number
  }
  /**
   * Awaited with the last error once an event failed `attempts` times. If it throws, the
   * run stops at that event (the bookmark stays before it) and `start()` mode retries the
   * run after `retryDelay`, the event's tries included.
   */
  deadLetter?: (error: unknown, event: StoredEvent, info: DeadLetterInfo) => void | Promise<void>
  /**
   * After the dead letter: `'skip'` (default) moves on to the next event; `'stop'` stops
   * the handler at the event (the bookmark stays before it, `runOnce()` rejects with the
   * error, a started handler ends in state `'failed'` and does not retry).
   */
  afterDeadLetter?: 'skip' | 'stop'
}

/** A validated retry policy. */
export interface RetrySettings {
  attempts: number
  initialMs: number
  maxMs: number
  deadLetter: RetryPolicy['deadLetter']
  afterDeadLetter: 'skip' | 'stop'
}

/** Validates the `retry` option. */
export function checkRetryPolicy(value: unknown): RetrySettings | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null) throw new ValidationError('options.retry', 'must be an object { attempts, ... }')
  refuseUnknownKeys(value, 'options.retry', ['attempts', 'backoff', 'deadLetter', 'afterDeadLetter'])
  const policy = value as RetryPolicy
  assertInteger(policy.attempts, 'options.retry.attempts', 1, 100)
  if (policy.backoff !== undefined && (typeof policy.backoff !== 'object' || policy.backoff === null)) {
    throw new ValidationError('options.retry.backoff', 'must be an object { initialMs, maxMs }')
  }
  if (policy.backoff !== undefined) refuseUnknownKeys(policy.backoff, 'options.retry.backoff', ['initialMs', 'maxMs'])
  const initialMs = policy.backoff?.initialMs ?? 100
  const maxMs = policy.backoff?.maxMs ?? Math.max(5_000, initialMs)
  assertInteger(initialMs, 'options.retry.backoff.initialMs', 0)
  assertInteger(maxMs, 'options.retry.backoff.maxMs', initialMs)
  if (policy.deadLetter !== undefined && typeof policy.deadLetter !== 'function') {
    throw new ValidationError('options.retry.deadLetter', 'must be a function')
  }
  const after = policy.afterDeadLetter ?? 'skip'
  if (after !== 'skip' && after !== 'stop') throw new ValidationError('options.retry.afterDeadLetter', "must be 'skip' or 'stop'")
  return { attempts: policy.attempts, initialMs, maxMs, deadLetter: policy.deadLetter, afterDeadLetter: after }
}

/** Errors that must stop a started handler rather than be retried (`afterDeadLetter: 'stop'`). */
const final = new WeakSet<object>()

/** Whether the run failed on an event the dead letter stopped the handler at. */
export function isFinalFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && final.has(error)
}

/** Marks `error` (an object) as a final failure. */
export function markFinal(error: unknown): void {
  if (typeof error === 'object' && error !== null) final.add(error)
}

/** How one delivery under a retry policy ended. */
export type RetryOutcome = 'delivered' | 'dead-lettered' | 'stopped'

/**
 * Delivers one event under a retry policy: up to `attempts` tries with backoff between
 * them, then the dead letter. Resolves `'delivered'`, `'dead-lettered'` (move on) or
 * `'stopped'` (the handler is stopping: leave the event for the next run); rejects with the
 * last error (marked final) after a dead letter with `afterDeadLetter: 'stop'`, or with
 * the dead letter's own error.
 */
export async function deliverWithRetry(
  deliver: () => Promise<void> | undefined,
  event: StoredEvent,
  settings: RetrySettings,
  context: {
    bookmark: string
    /** Waits `ms`; resolves false when the handler is stopping. */
    pause: (ms: number) => Promise<boolean>
    onFailure: (error: unknown, attempt: number) => void
  },
): Promise<RetryOutcome> {
  let lastError: unknown
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    if (attempt > 1) {
      const delay = Math.min(settings.initialMs * 2 ** Math.min(attempt - 2, 30), settings.maxMs)
      if (!(await context.pause(delay))) return 'stopped'
    }
    try {
      await deliver()
      return 'delivered'
    } catch (error) {
      lastError = error
      context.onFailure(error, attempt)
    }
  }
  await settings.deadLetter?.(lastError, event, { bookmark: context.bookmark, attempts: settings.attempts })
  if (settings.afterDeadLetter === 'skip') return 'dead-lettered'
  const stopping =
    (typeof lastError === 'object' && lastError !== null) || typeof lastError === 'function'
      ? (lastError as object)
      : new Error(`handler '${context.bookmark}' stopped at ${event.stream}/${event.aggregateId} v${event.version}: ${String(lastError)}`, { cause: lastError })
  markFinal(stopping)
  throw stopping
}
