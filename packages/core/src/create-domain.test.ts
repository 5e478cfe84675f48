import { account, countingProvider, randomId, user } from '../test/fixtures.js'
import { createDomain } from './create-domain.js'
import { ProviderError, ValidationError, VersionConflictError } from './errors.js'
import { createMemoryProvider } from './memory/memory-provider.js'

describe('createDomain', () => {
  it('gives version 0 and the create() state for an unknown aggregate', async () => {
    const { domain } = createDomain({ provider: createMemoryProvider() }, { account, user })
    expect(domain.account.stream).toBe('account')
    expect(await domain.account.getAggregate('nobody')).toEqual({
      owner: '',
      balance: 0,
      open: false,
      tags: [],
      history: [],
      aggregateId: 'nobody',
      version: 0,
    })
  })

  it('appends, folds and reads events back', async () => {
    const { domain } = createDomain({ provider: createMemoryProvider() }, { account, user })
    const id = randomId()
    const stored = await domain.account.append(id, [{ type: 'opened', owner: 'ada' }, { type: 'deposited', amount: 10 }], {
      expectedVersion: 0,
      meta: { correlationId: 'req-1' },
    })
    expect(stored.map((e) => [e.version, e.stream, e.aggregateId, e.meta])).toEqual([
      [1, 'account', id, { correlationId: 'req-1' }],
      [2, 'account', id, { correlationId: 'req-1' }],
    ])
    const acc = await domain.account.getAggregate(id)
    expect(acc).toMatchObject({ owner: 'ada', balance: 10, open: true, version: 2, aggregateId: id })
    expect((await domain.account.getEvents(id)).map((e) => e.event.type)).toEqual(['opened', 'deposited'])
    // Other aggregates and streams are untouched.
    expect((await domain.user.getAggregate(id)).version).toBe(0)
    expect((await domain.account.getAggregate(randomId())).version).toBe(0)
  })

  it('folds across capped pages until an empty page', async () => {
    for (const cacheSize of [0, 10]) {
      const { provider, calls } = countingProvider(createMemoryProvider({ limit: 2 }))
      const { domain } = createDomain({ provider, cacheSize }, { account })
      const events = Array.from({ length: 5 }, () => ({ type: 'deposited' as const, amount: 1 }))
      await domain.account.append('a', events, { expectedVersion: 0 })
      const acc = await domain.account.getAggregate('a')
      expect(acc.balance).toBe(5)
      expect(acc.version).toBe(5)
      expect(acc.history).toHaveLength(5)
      expect(calls.readAggregate).toBe(4) // 2 + 2 + 1 + the empty page
      expect(await domain.account.getEvents('a')).toHaveLength(5)
    }
  })

  it('enforces the expected version and validates before any provider call', async () => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const { domain } = createDomain({ provider }, { account })
    await domain.account.append('a', [{ type: 'opened', owner: 'x' }], { expectedVersion: 0 })
    await expect(domain.account.append('a', [{ type: 'opened', owner: 'y' }], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      VersionConflictError,
    )
    const appends = calls.append
    const bad = [
      domain.account.append('a', [{ type: 'deposited', amount: NaN }], { expectedVersion: 1 }),
      domain.account.append('a', [{ type: 'deposited', amount: 1n as unknown as number }], { expectedVersion: 1 }),
      domain.account.append('a', [], { expectedVersion: 1 }),
      domain.account.append('', [{ type: 'deposited', amount: 1 }], { expectedVersion: 1 }),
      domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: -1 }),
      domain.account.getAggregate(''),
    ]
    for (const promise of bad) await expect(promise).rejects.toBeInstanceOf(ValidationError)
    expect(calls.append).toBe(appends)
  })

  it('wraps provider failures in ProviderError', async () => {
    const { provider, fail } = countingProvider(createMemoryProvider())
    fail.readAggregate = new Error('boom')
    const { domain } = createDomain({ provider }, { account })
    await expect(domain.account.getAggregate('a')).rejects.toBeInstanceOf(ProviderError)
  })

  it('rejects bad options and two aggregates on one stream', () => {
    const provider = createMemoryProvider()
    expect(() => createDomain({ provider, cacheSize: -1 }, { account })).toThrow(ValidationError)
    expect(() => createDomain({ provider: undefined as never }, { account })).toThrow(ValidationError)
    expect(() => createDomain({ provider }, { account, again: account })).toThrow(/used by two aggregates/)
  })
})
