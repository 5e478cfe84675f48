import { account, randomId } from '../../test/fixtures.js'
import { createCommands } from '../commands/create-commands.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider, ReadAggregateRequest } from '../provider.js'
import { AggregateCache } from './aggregate-cache.js'

describe('AggregateCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new AggregateCache<{ n: number }>(2)
    cache.set('s', 'a', { state: { n: 1 }, version: 1 })
    cache.set('s', 'b', { state: { n: 2 }, version: 1 })
    cache.get('s', 'a') // a is now the most recently used
    cache.set('s', 'c', { state: { n: 3 }, version: 1 })
    expect(cache.get('s', 'b')).toBeUndefined()
    expect(cache.get('s', 'a')?.state.n).toBe(1)
    expect(cache.get('s', 'c')?.state.n).toBe(3)
    expect(cache.count).toBe(2)
  })

  it('keys by stream and aggregate id, never replaces a newer version, and size 0 stores nothing', () => {
    const cache = new AggregateCache<{ n: number }>(10)
    cache.set('s', 'a', { state: { n: 5 }, version: 5 })
    cache.set('s', 'a', { state: { n: 4 }, version: 4 })
    expect(cache.get('s', 'a')?.version).toBe(5)
    expect(cache.get('t', 'a')).toBeUndefined()
    const off = new AggregateCache<{ n: number }>(0)
    off.set('s', 'a', { state: { n: 1 }, version: 1 })
    expect(off.count).toBe(0)
  })
})

function recording() {
  const inner = createMemoryProvider()
  const reads: ReadAggregateRequest[] = []
  const provider: Provider = { ...inner, readAggregate: (r) => (reads.push(r), inner.readAggregate(r)) }
  return { provider, reads }
}

describe('the domain cache', () => {
  it('reads only the events after the cached version', async () => {
    const { provider, reads } = recording()
    const { domain } = createDomain({ provider, cacheSize: 10 }, { account })
    await domain.account.append('a', [{ type: 'deposited', amount: 1 }, { type: 'deposited', amount: 2 }], { expectedVersion: 0 })
    expect((await domain.account.getAggregate('a')).balance).toBe(3)
    reads.length = 0
    await domain.account.append('a', [{ type: 'deposited', amount: 4 }], { expectedVersion: 2 })
    const acc = await domain.account.getAggregate('a')
    expect(acc).toMatchObject({ balance: 7, version: 3, history: [{ amount: 1 }, { amount: 2 }, { amount: 4 }] })
    // One read after the cached version: the memory provider promises full pages (fullAggregatePages).
    expect(reads.map((r) => r.afterVersion)).toEqual([2])
  })

  it('keeps concurrent loads of one cached aggregate independent', async () => {
    const { domain } = createDomain({ provider: createMemoryProvider(), cacheSize: 10 }, { account })
    await domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 0 })
    await domain.account.getAggregate('a')
    await domain.account.append('a', [{ type: 'deposited', amount: 2 }], { expectedVersion: 1 })
    const loads = await Promise.all([domain.account.getAggregate('a'), domain.account.getAggregate('a')])
    for (const acc of loads) expect(acc.history).toEqual([{ amount: 1 }, { amount: 2 }])
    expect((await domain.account.getAggregate('a')).history).toEqual([{ amount: 1 }, { amount: 2 }])
  })

  it('reads from the first event every time when disabled', async () => {
    const { provider, reads } = recording()
    const { domain } = createDomain({ provider, cacheSize: 0 }, { account })
    await domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 0 })
    await domain.account.getAggregate('a')
    await domain.account.getAggregate('a')
    expect(reads.filter((r) => r.afterVersion === 0)).toHaveLength(2)
  })

  it('cannot be corrupted by a caller mutating what it was given', async () => {
    const { domain } = createDomain({ provider: createMemoryProvider(), cacheSize: 10 }, { account })
    const cmds = createCommands(domain.account, {
      deposit: (cmd: { amount: number }) => ({ type: 'deposited', amount: cmd.amount }),
      sneaky(_cmd: null, agg) {
        // Handlers get a frozen copy; a non-strict caller's write is ignored, a strict one throws.
        try {
          ;(agg.history as { amount: number }[]).push({ amount: 1000 })
        } catch {
          // expected: frozen
        }
        return { type: 'deposited', amount: 1 }
      },
    })
    const id = randomId()
    const afterCommand = await cmds.deposit(id, { amount: 5 })
    afterCommand.history.push({ amount: 666 })
    afterCommand.balance = 666
    const loaded = await domain.account.getAggregate(id)
    loaded.history[0]!.amount = 777
    loaded.tags.push('evil')
    expect(await domain.account.getAggregate(id)).toMatchObject({ balance: 5, history: [{ amount: 5 }], tags: [] })
    expect(await cmds.sneaky(id, null)).toMatchObject({ balance: 6, history: [{ amount: 5 }, { amount: 1 }] })
    expect(await domain.account.getAggregate(id)).toMatchObject({ balance: 6, history: [{ amount: 5 }, { amount: 1 }] })
    // An unknown aggregate's create() state cannot be changed through a returned copy either.
    const empty = await domain.account.getAggregate('nobody')
    empty.history.push({ amount: 1 })
    expect((await domain.account.getAggregate('nobody')).history).toEqual([])
  })

  it('folds in place on a private copy: the create() result is never shared', async () => {
    const shared = { owner: '', balance: 0, open: false, tags: [] as string[], history: [] as { amount: number }[] }
    const leaky = { ...account, create: () => shared }
    const { domain } = createDomain({ provider: createMemoryProvider(), cacheSize: 10 }, { account: leaky })
    await domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 0 })
    await domain.account.append('b', [{ type: 'deposited', amount: 2 }], { expectedVersion: 0 })
    expect((await domain.account.getAggregate('a')).history).toEqual([{ amount: 1 }])
    expect((await domain.account.getAggregate('b')).history).toEqual([{ amount: 2 }])
    expect(shared.history).toEqual([])
  })
})
