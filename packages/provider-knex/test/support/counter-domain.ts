import { createAggregate, createDomain, type Provider, type StoredEvent } from '@evtstore/core'

type CounterEvent = { type: 'added'; n: number }

/** A one-stream domain for the ordering tests, with a handler that records what it sees. */
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
