import { createAggregate } from '../aggregate.js'
import { createCommands } from '../commands/create-commands.js'
import { createDomain } from '../create-domain.js'
import { ValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider } from '../provider.js'
import { AGGREGATE_PAGE_SIZE } from './aggregate-store.js'

type CounterEvent = { type: 'added'; n: number }

class Counter {
  total = 0
}

function domainWith(create: () => { total: number }) {
  const counter = createAggregate({
    stream: 'counter',
    create,
    fold: (ev: CounterEvent, state: { total: number }) => ({ total: state.total + ev.n }),
  })
  return createDomain({ provider: createMemoryProvider() }, { counter }).domain
}

describe('AggregateStore: create()', () => {
  it('refuses a create() that returns a class instance, naming create() in the error', async () => {
    const domain = domainWith(() => new Counter())
    const cmds = createCommands(domain.counter, { add: (cmd: { n: number }) => ({ type: 'added' as const, n: cmd.n }) })
    for (const attempt of [() => domain.counter.getAggregate('a'), () => cmds.add('a', { n: 1 })]) {
      const err: unknown = await attempt().catch((caught: unknown) => caught)
      expect(err).toBeInstanceOf(ValidationError)
      expect(err).toMatchObject({ path: 'create()' })
      expect((err as Error).message).toMatch(/plain object/)
    }
    expect(await domain.counter.getEvents('a')).toEqual([])
  })

  it('hands out copies of a plain create() state: editing one changes no other', async () => {
    const domain = domainWith(() => ({ total: 0 }))
    await domain.counter.append('a', [{ type: 'added', n: 5 }], { expectedVersion: 0 })
    const first = await domain.counter.getAggregate('a')
    first.total = 1_000_000
    const again = await domain.counter.getAggregate('a')
    expect(again).not.toBe(first)
    expect(again.total).toBe(5)
  })
})

describe('AggregateStore: reading an aggregate', () => {
  const counter = createAggregate({
    stream: 'counter',
    create: () => ({ total: 0 }),
    fold: (ev: CounterEvent, state: { total: number }) => ({ total: state.total + ev.n }),
  })

  /** A memory store holding one aggregate of `count` events; reads are counted. */
  async function storeOf(count: number, options: { limit?: number; promise?: boolean } = {}) {
    const inner = createMemoryProvider(options.limit === undefined ? {} : { limit: options.limit })
    for (let v = 0; v < count; v += 100) {
      const events = Array.from({ length: Math.min(100, count - v) }, (_, i) => ({ id: `e-${v + i}`, event: { type: 'added', n: 1 } }))
      await inner.append({ stream: 'counter', aggregateId: 'c', expectedVersion: v, events })
    }
    let reads = 0
    const counted: Provider = {
      ...inner,
      ...(options.promise === false ? { capabilities: {} } : {}),
      readAggregate: (request) => (reads++, inner.readAggregate(request)),
    }
    const { domain } = createDomain({ provider: counted, cacheSize: 0 }, { counter })
    return { domain, reads: () => reads }
  }

  it('one read for an aggregate shorter than a page when the provider promises full pages', async () => {
    expect(createMemoryProvider().capabilities?.fullAggregatePages).toBe(100_000)
    const { domain, reads } = await storeOf(999)
    expect(await domain.counter.getAggregate('c')).toMatchObject({ total: 999, version: 999 })
    expect(reads()).toBe(1)
  })

  it('pages on until an empty page without the promise, and at the promised page size', async () => {
    const plain = await storeOf(999, { promise: false })
    expect(await plain.domain.counter.getAggregate('c')).toMatchObject({ total: 999, version: 999 })
    expect(plain.reads()).toBe(2)
    // The provider caps pages at 100: a page of 100 is full, not the end.
    const capped = await storeOf(250, { limit: 100 })
    expect(await capped.domain.counter.getAggregate('c')).toMatchObject({ total: 250, version: 250 })
    expect(capped.reads()).toBe(3)
    const exact = await storeOf(AGGREGATE_PAGE_SIZE * 2)
    expect(await exact.domain.counter.getEvents('c')).toHaveLength(AGGREGATE_PAGE_SIZE * 2)
    expect(exact.reads()).toBe(3)
  })
})
