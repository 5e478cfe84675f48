import { createAggregate, createDomain, type Provider } from '@evtstore/core'
import { randomStream } from './random-names.js'

/** The events of the test aggregate. */
export type CounterEvent =
  | { type: 'added'; n: number }
  | { type: 'noted'; text: string }
  | { type: 'data'; value: unknown }

/** The state of the test aggregate. */
export interface CounterState {
  total: number
  count: number
  notes: string[]
}

function fold(event: CounterEvent, state: CounterState): Partial<CounterState> {
  switch (event.type) {
    case 'added':
      return { total: state.total + event.n, count: state.count + 1 }
    case 'noted':
      return { notes: [...state.notes, event.text], count: state.count + 1 }
    case 'data':
      return { count: state.count + 1 }
  }
}

/** The counter aggregate definition on `stream`. */
export function counterAggregate(stream: string) {
  return createAggregate({ stream, create: (): CounterState => ({ total: 0, count: 0, notes: [] }), fold })
}

/** A counter aggregate on a random stream, wired to `provider` through `createDomain` (no cache). */
export function createCounterDomain(provider: Provider, stream: string = randomStream('counter')) {
  const { domain, createHandler } = createDomain({ provider, cacheSize: 0 }, { counter: counterAggregate(stream) })
  return { stream, counter: domain.counter, createHandler }
}

/** Three counter aggregates on three random streams in one domain (no cache). */
export function createThreeStreamDomain(provider: Provider) {
  const streams = { left: randomStream('left'), right: randomStream('right'), other: randomStream('other') }
  const { domain, createHandler } = createDomain(
    { provider, cacheSize: 0 },
    { left: counterAggregate(streams.left), right: counterAggregate(streams.right), other: counterAggregate(streams.other) },
  )
  return { streams, domain, createHandler }
}

/** Wraps a provider and counts the calls that reach it. */
export function countCalls(provider: Provider) {
  const calls = { append: 0, readAggregate: 0, readLog: 0, getBookmark: 0, setBookmark: 0 }
  const counted: Provider = {
    name: provider.name,
    ...(provider.capabilities === undefined ? {} : { capabilities: provider.capabilities }),
    append: (request) => (calls.append++, provider.append(request)),
    readAggregate: (request) => (calls.readAggregate++, provider.readAggregate(request)),
    readLog: (request) => (calls.readLog++, provider.readLog(request)),
    getBookmark: (name) => (calls.getBookmark++, provider.getBookmark(name)),
    setBookmark: (name, position) => (calls.setBookmark++, provider.setBookmark(name, position)),
  }
  return { provider: counted, calls }
}
