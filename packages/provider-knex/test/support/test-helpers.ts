import { randomUUID } from 'node:crypto'
import { createAggregate, createDomain, type NewEvent, type Provider, type StoredEvent } from '@evtstore/core'

/** A new event of `type` (plus `extra` fields) with a fresh id. */
export const ev = (type: string, extra: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  event: { type, ...extra } as never,
})

/** Settles `promise` and resolves to what it rejected with (or `undefined`). */
export const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  )

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

type Added = { type: 'added'; n: number }

/**
 * A one-stream (`counter`) domain over `provider` with a handler named `handlerName`
 * that records every envelope it is handed in `seen`.
 */
export function counterDomain(provider: Provider, handlerName: string) {
  const counter = createAggregate({
    stream: 'counter',
    create: () => ({ total: 0 }),
    fold: (e: Added, state: { total: number }) => ({ total: state.total + e.n }),
  })
  const { domain, createHandler } = createDomain({ provider, cacheSize: 0 }, { counter })
  const seen: StoredEvent[] = []
  const handler = createHandler(handlerName, ['counter'], { batchSize: 7 })
  handler.handle('counter', 'added', (_id, _event, envelope) => void seen.push(envelope))
  return { domain, handler, seen }
}
