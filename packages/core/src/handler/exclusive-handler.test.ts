import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { isLeaseError, isValidationError } from '../errors.js'
import { guardProvider } from '../guard/guard-provider.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider } from '../provider.js'
import type { LeaseChange } from './handler-status.js'

const made: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((h) => h.stop()))
})

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** Two domains on one provider: like two processes sharing a database. */
function setup(provider: Provider = createMemoryProvider()) {
  const { domain, createHandler: make } = createDomain({ provider }, { account })
  const createHandler: typeof make = (...args) => {
    const handler = make(...args)
    made.push(handler)
    return handler
  }
  let version = 0
  const deposit = async (amount: number) => {
    await domain.account.append('a', [{ type: 'deposited', amount }], { expectedVersion: version })
    version++
  }
  return { createHandler, deposit, provider }
}

const FAST = { tailInterval: 5, exclusive: { leaseMs: 300, renewMs: 50, standbyPollMs: 20 } }

describe('exclusive handlers (memory provider, several handler objects)', () => {
  it('lets one of two handle at a time; the other takes over after stop(), and no event is handled twice', async () => {
    const { createHandler, deposit } = setup()
    const seen: Array<{ by: string; amount: number }> = []
    let busy = 0
    let overlapped = false
    const make = (by: string) => {
      const handler = createHandler('exclusive', ['account'], FAST)
      handler.handle('account', 'deposited', async (_id, event) => {
        busy++
        if (busy > 1) overlapped = true
        await new Promise((resolve) => setTimeout(resolve, 1))
        seen.push({ by, amount: event.amount })
        busy--
      })
      return handler
    }
    const first = make('first')
    const second = make('second')
    for (let n = 1; n <= 5; n++) await deposit(n)
    first.start()
    await waitFor(() => seen.length === 5)
    second.start()
    await waitFor(() => second.status.state === 'standby')
    expect(first.status.state).toBe('running')
    expect(first.status.lease?.token).toBe(1)
    await deposit(6)
    await waitFor(() => seen.length === 6)
    await first.stop()
    await deposit(7)
    await waitFor(() => seen.length === 7)
    expect(second.status.state).toBe('running')
    expect(second.status.lease?.token).toBe(2)
    expect(seen.map((s) => s.amount)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(seen.map((s) => s.by)).toEqual(['first', 'first', 'first', 'first', 'first', 'first', 'second'])
    expect(overlapped).toBe(false)
  })

  it('a process that lost its lease can never move the bookmark (the write is fenced)', async () => {
    const memory = createMemoryProvider()
    // Handler A's renewals fail (as if its database connection hung), so its lease expires
    // while its handler function is still running, and B takes over.
    let failRenewals = false
    const flaky: Provider = {
      ...memory,
      acquireLease: async (request) => {
        if (failRenewals) throw new Error('renewal lost')
        return memory.acquireLease!(request)
      },
    }
    const a = setup(flaky)
    const b = setup(memory)
    for (let n = 1; n <= 3; n++) await a.deposit(n)
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const handlerA = a.createHandler('fenced', ['account'], { ...FAST, batchSize: 10 })
    const seenA: number[] = []
    handlerA.handle('account', 'deposited', async (_id, event) => {
      seenA.push(event.amount)
      if (event.amount === 1) {
        failRenewals = true
        await gate
      }
    })
    const handlerB = b.createHandler('fenced', ['account'], { ...FAST, batchSize: 10 })
    const seenB: number[] = []
    handlerB.handle('account', 'deposited', (_id, event) => void seenB.push(event.amount))
    const runA = handlerA.runOnce()
    await waitFor(() => seenA.length === 1)
    // B gets the lease once A's has expired on the store's clock.
    let taken = false
    while (!taken) {
      taken = await handlerB.runOnce().then(
        () => true,
        (err: unknown) => {
          if (!isLeaseError(err)) throw err
          return false
        },
      )
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(seenB).toEqual([1, 2, 3])
    const bookmarkByB = await handlerB.getPosition()
    // A resumes: it stops before its next event (its lease expired here) and its bookmark write is refused.
    release()
    const outcome = await runA.then(
      () => 'saved',
      (err: unknown) => (isLeaseError(err) ? err.reason : String(err)),
    )
    expect(outcome).toBe('lost')
    expect(seenA).toEqual([1])
    expect(await handlerB.getPosition()).toBe(bookmarkByB)
  })

  it('runOnce() refuses with LeaseError while another holds the lease, and releases the lease after its run', async () => {
    const { createHandler, deposit } = setup()
    await deposit(1)
    const holder = createHandler('once', ['account'], FAST)
    holder.handle('account', 'deposited', () => undefined)
    const other = createHandler('once', ['account'], FAST)
    other.handle('account', 'deposited', () => undefined)
    holder.start()
    await waitFor(() => holder.status.state === 'running' && holder.status.caughtUp)
    const refused = await other.runOnce().catch((err: unknown) => err)
    expect(isLeaseError(refused) && refused.reason === 'held').toBe(true)
    await holder.stop()
    expect(holder.status.lease).toBeUndefined()
    await deposit(2)
    expect((await other.runOnce()).handled).toBe(1)
    // Released after the run: the first one can run at once.
    expect((await holder.runOnce()).handled).toBe(0)
  })

  it('reports lease changes to onLease and states to onStateChange', async () => {
    const { createHandler } = setup()
    const changes: LeaseChange['change'][] = []
    const states: string[] = []
    const handler = createHandler('hooks', ['account'], {
      ...FAST,
      hooks: {
        onLease: (change) => void changes.push(change.change),
        onStateChange: (status) => void states.push(status.state),
      },
    })
    handler.start()
    await waitFor(() => handler.status.state === 'running')
    await handler.stop()
    expect(changes).toEqual(['acquired', 'released'])
    expect(states).toEqual(['running', 'idle'])
  })

  it('refuses exclusive on a provider without leases, and bad timings, before any I/O', () => {
    const memory = createMemoryProvider()
    const bare: Provider = {
      name: 'bare',
      append: memory.append,
      readAggregate: memory.readAggregate,
      readLog: memory.readLog,
      getBookmark: memory.getBookmark,
      setBookmark: memory.setBookmark,
    }
    const { createHandler } = setup(bare)
    const refused = (() => {
      try {
        createHandler('x', ['account'], { exclusive: true })
      } catch (err) {
        return err
      }
    })()
    expect(isValidationError(refused) && refused.path === 'options.exclusive').toBe(true)
    const onMemory = setup()
    expect(() => onMemory.createHandler('x', ['account'], { exclusive: { leaseMs: 50 } })).toThrow(/options.exclusive.leaseMs/)
    expect(() => onMemory.createHandler('x', ['account'], { exclusive: { leaseMs: 1000, renewMs: 950 } })).toThrow(/options.exclusive.renewMs/)
  })

  it('guardProvider validates lease calls before the provider sees them', async () => {
    const provider = guardProvider(createMemoryProvider())
    await expect(provider.acquireLease!({ name: '', owner: 'o', ttlMs: 10 })).rejects.toThrow(/name/)
    await expect(provider.acquireLease!({ name: 'n', owner: 'o', ttlMs: 0 })).rejects.toThrow(/ttlMs/)
    await expect(provider.setFencedBookmark!('n', '01', { owner: 'o', token: 1 })).rejects.toThrow(/position/)
    await expect(provider.releaseLease!('n', { owner: 'o', token: 0 })).rejects.toThrow(/holder.token/)
  })
})
