import { randomUUID } from 'node:crypto'
import type { NewEvent } from '@evtstore/core'

/**
 * A new event of `type` (plus `extra` fields) with a fresh id.
 *
 * @example
 * ```ts
 * await provider.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('opened')] })
 * ```
 */
export const ev = (type: string, extra: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  event: { type, ...extra } as never,
})

/**
 * Settles `promise` and resolves to what it rejected with (or `undefined`).
 *
 * @example
 * ```ts
 * const err = await caught(provider.append(request))
 * ```
 */
export const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  )
