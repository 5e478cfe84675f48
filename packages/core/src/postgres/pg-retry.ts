import { VersionConflictError } from '../errors.js'
import type { StoredEvent } from '../envelope.js'
import type { AppendRequest } from '../provider.js'
import { pgSqlState } from './pg-errors.js'

/** SQLSTATEs after which an append stored nothing and may simply be sent again. */
const RETRYABLE_STATES: readonly string[] = ['40001', '40P01']

/** How many times an append is sent at most when it keeps failing with a retryable state. */
export const PG_APPEND_ATTEMPTS = 4

/**
 * Whether a driver error is a serialization failure (40001) or a deadlock (40P01): the
 * transaction was rolled back and stored nothing, so it can be run again.
 *
 * @example
 * ```ts
 * isPgRetryable({ code: '40001' }) // true
 * ```
 */
export function isPgRetryable(err: unknown): boolean {
  const state = pgSqlState(err)
  return state !== undefined && RETRYABLE_STATES.includes(state)
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs one append (a single statement, or a transaction holding only it) and sends it
 * again, a bounded number of times, when it fails with 40001/40P01 — what racing appends
 * get under `serializable` isolation instead of a unique violation. When every attempt
 * failed, it reads the aggregate's head: a head other than the expected version is a
 * `VersionConflictError`; otherwise (or when the head cannot be read) the last driver
 * error is thrown as it is. Other errors are thrown at once, untouched.
 *
 * @example
 * ```ts
 * await pgAppendWithRetry(request, () => ops.append(run, request), () => ops.headVersion(run, request))
 * ```
 */
export async function pgAppendWithRetry(
  request: AppendRequest,
  attempt: () => Promise<StoredEvent[]>,
  headVersion: () => Promise<number>,
  attempts = PG_APPEND_ATTEMPTS,
): Promise<StoredEvent[]> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt()
    } catch (err) {
      if (!isPgRetryable(err)) throw err
      if (tried < attempts) {
        await pause(Math.random() * 5 * tried)
        continue
      }
      const head = await headVersion().catch(() => undefined)
      if (head === undefined || head === request.expectedVersion) throw err
      const { stream, aggregateId, expectedVersion } = request
      throw new VersionConflictError(
        { stream, aggregateId, expectedVersion, actualVersion: head },
        { cause: err },
      )
    }
  }
}
