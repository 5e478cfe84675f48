import { ValidationError } from '../errors.js'
import { MAX_PAGE_SIZE } from '../guard/limits.js'

function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Checks a driver option given as a client or a promise of one, before any I/O: a value
 * that is neither throws `ValidationError` now; a promise that resolves to something
 * `accepts` refuses rejects with one at first use. A rejected promise does not count as
 * unhandled until the provider awaits it. `expected` describes the client in messages.
 *
 * @example
 * ```ts
 * const isPool = (v: unknown): v is Pool => typeof (v as Pool)?.query === 'function'
 * const client = driverOption(options.client, 'options.client', isPool, 'a pg Pool or Client')
 * const pool = await client
 * ```
 */
export function driverOption<T>(
  value: unknown,
  path: string,
  accepts: (candidate: unknown) => candidate is T,
  expected: string,
): Promise<T> {
  if (!accepts(value) && !isThenable(value)) {
    throw new ValidationError(path, `must be ${expected}, or a promise of one`)
  }
  const resolved = Promise.resolve(value).then((client) => {
    if (!accepts(client)) throw new ValidationError(path, `the promise did not resolve to ${expected}`)
    return client
  })
  resolved.catch(() => undefined)
  return resolved
}

/**
 * Validates a provider's `limit` option (largest page one read returns): an integer from
 * 1 to `MAX_PAGE_SIZE` (100,000), `fallback` when absent. Throws `ValidationError` naming `path`.
 *
 * @example
 * ```ts
 * limitOption(options.limit, 'options.limit') // 1000 when undefined
 * ```
 */
export function limitOption(value: unknown, path: string, fallback = 1000): number {
  const limit = value ?? fallback
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(path, `must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(limit)}`)
  }
  return limit
}
