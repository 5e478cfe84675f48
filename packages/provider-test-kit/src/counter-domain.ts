import { createAggregate, createDomain, type Provider, type StoredEvent } from '@evtstore/core'

/** The one event of the counter domain. */
export type CounterEvent = { type: 'added'; n: number }

/**
 * A one-stream (`counter`) domain over `provider`, with a handler named `handlerName` that
 * records every envelope it is handed in `seen` (pages of 7, so runs span many pages).
 *
 * @example
 * ```ts
 * const { domain, handler, seen } = counterDomain(provider, 'proof')
 * await domain.counter.append('c1', [{ type: 'added', n: 1 }], { expectedVersion: 0 })
 * await handler.runOnce() // seen.length === 1
 * ```
 */
export function counterDomain(provider: Provider, handlerName: string) {
  const counter = createAggregate({
    stream: 'counter',
    create: () => ({ total: 0 }),
    fold: (ev: CounterEvent, state: { total: number }) => ({ total: state.total + ev.n }),
  })
  const { domain, createHandler } = createDomain({ provider, cacheSize: 0 }, { counter })
  const seen: StoredEvent[] = []
  const handler = createHandler(handlerName, ['counter'], { batchSize: 7 })
  handler.handle('counter', 'added', (_id, _event, envelope) => void seen.push(envelope))
  return { domain, handler, seen }
}
