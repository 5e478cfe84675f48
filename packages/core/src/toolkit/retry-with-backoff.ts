/** Options of {@link retryWithBackoff}. */
export interface RetryOptions {
  /** How many times `work` runs at most (>= 1). */
  attempts: number
  /** Whether a failure may be retried; others are thrown at once. */
  retryable: (err: unknown) => boolean
  /** The first pause in ms; each later pause doubles, up to `maxDelayMs`. Default 2. */
  initialDelayMs?: number
  /** The longest pause in ms. Default 100. */
  maxDelayMs?: number
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `work` and runs it again after a retryable failure, at most `attempts` times,
 * pausing between attempts with exponential backoff and full jitter (a random pause
 * between 0 and the current ceiling), so racing writers spread out instead of colliding
 * again in step. The last failure is thrown as it is; `work` gets the attempt number (1-based).
 *
 * @example
 * ```ts
 * await retryWithBackoff((attempt) => session.run(statement), {
 *   attempts: 5,
 *   retryable: (err) => isTransient(err),
 * })
 * ```
 */
export async function retryWithBackoff<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const initial = options.initialDelayMs ?? 2
  const max = options.maxDelayMs ?? 100
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt)
    } catch (err) {
      if (attempt >= options.attempts || !options.retryable(err)) throw err
      await pause(Math.random() * Math.min(max, initial * 2 ** (attempt - 1)))
    }
  }
}
