/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `check` until it is true; throws `message` when `timeoutMs` passes first. */
export async function waitFor(check: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${message} (waited ${timeoutMs} ms)`)
    await sleep(10)
  }
}

/**
 * Waits until `promise` settles (resolved or rejected: the outcome is ignored) or `ms`
 * passes, whichever comes first; the timer is cleared either way.
 *
 * @example
 * ```ts
 * await settledWithin(later, 2000) // later has committed, or 2 s have passed
 * ```
 */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      promise.then(
        () => undefined,
        () => undefined,
      ),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
    ])
  } finally {
    clearTimeout(timer)
  }
}
