import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { AppendListener, Provider } from '../provider.js'

// Every handler made in a test is stopped afterwards, even when the test fails.
const made: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((h) => h.stop()))
})

const waitFor = async (check: () => boolean, ms = 2000) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** A memory provider whose subscribeAppends is recorded and can be made to fail. */
function pushingProvider(options: { subscribe?: 'reject' | 'silent' } = {}) {
  const inner = createMemoryProvider()
  const listeners: AppendListener[] = []
  let reads = 0
  let closed = 0
  const provider: Provider = {
    ...inner,
    name: 'pushing',
    readLog: (request) => {
      reads++
      return inner.readLog(request)
    },
    async subscribeAppends(listener) {
      if (options.subscribe === 'reject') throw new Error('cannot listen')
      listeners.push(listener)
      const forward = options.subscribe === 'silent' ? undefined : await inner.subscribeAppends!(listener)
      return {
        async close() {
          closed++
          await forward?.close()
        },
      }
    },
  }
  return { provider, listeners, reads: () => reads, closed: () => closed }
}

function setup(provider: Provider) {
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
  return { createHandler, deposit }
}

describe('push wake-ups', () => {
  it('the memory provider declares push and has subscribeAppends', () => {
    const provider = createMemoryProvider()
    expect(provider.capabilities?.push).toBe(true)
    expect(typeof provider.subscribeAppends).toBe('function')
  })

  it('an append wakes a caught-up handler long before its poll', async () => {
    const { createHandler, deposit } = setup(createMemoryProvider())
    const seen: number[] = []
    const handler = createHandler('push-wakes', ['account'], { tailInterval: 60_000 })
    handler.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    await deposit(1)
    handler.start()
    await waitFor(() => seen.length === 1)
    await waitFor(() => handler.status.push === 'listening')
    // Past the follow-up reads of the subscription's own wake-up: only a push can wake it now.
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const started = Date.now()
    await deposit(2)
    await waitFor(() => seen.length === 2, 1000)
    expect(Date.now() - started).toBeLessThan(1000)
  }, 10_000)

  it('push: false polls only', async () => {
    const { createHandler, deposit } = setup(createMemoryProvider())
    const seen: number[] = []
    const handler = createHandler('push-off', ['account'], { tailInterval: 60_000, push: false })
    handler.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    handler.start()
    await waitFor(() => handler.status.caughtUp)
    await deposit(1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(seen).toEqual([])
    expect(handler.status.push).toBe('off')
  })

  it('refuses a push option that is not a boolean', () => {
    const { createHandler } = setup(createMemoryProvider())
    expect(() => createHandler('push-bad', ['account'], { push: 'yes' as never })).toThrow(/options\.push/)
  })

  it('a burst of notifications costs a bounded number of reads, and stop() closes the subscription', async () => {
    const pushing = pushingProvider({ subscribe: 'silent' })
    const { createHandler } = setup(pushing.provider)
    const handler = createHandler('push-burst', ['account'], { tailInterval: 60_000 })
    handler.start()
    await waitFor(() => handler.status.push === 'listening' && handler.status.caughtUp)
    // Let the follow-up reads after the subscription's own wake-up finish (about 1.6 s).
    await new Promise((resolve) => setTimeout(resolve, 1800))
    const before = pushing.reads()
    for (let i = 0; i < 50; i++) pushing.listeners[0]!.appended(['account'])
    await new Promise((resolve) => setTimeout(resolve, 1800))
    const reads = pushing.reads() - before
    // One read for the burst, then the follow-ups (6): never one read per notification.
    expect(reads).toBeGreaterThanOrEqual(1)
    expect(reads).toBeLessThanOrEqual(8)
    await handler.stop()
    expect(pushing.closed()).toBe(1)
    expect(handler.status.push).toBe('off')
  }, 10_000)

  it('ignores notifications for other streams', async () => {
    const pushing = pushingProvider({ subscribe: 'silent' })
    const { createHandler } = setup(pushing.provider)
    const handler = createHandler('push-other', ['account'], { tailInterval: 60_000 })
    handler.start()
    await waitFor(() => handler.status.push === 'listening' && handler.status.caughtUp)
    await new Promise((resolve) => setTimeout(resolve, 1800))
    const before = pushing.reads()
    pushing.listeners[0]!.appended(['elsewhere'])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(pushing.reads()).toBe(before)
  }, 10_000)

  it('a failing subscription falls back to polling and is reported', async () => {
    const pushing = pushingProvider({ subscribe: 'reject' })
    const failures: unknown[] = []
    const { createHandler, deposit } = setup(pushing.provider)
    const seen: number[] = []
    const handler = createHandler('push-fails', ['account'], { tailInterval: 50, hooks: { onFailure: (error) => void failures.push(error) } })
    handler.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    handler.start()
    await waitFor(() => handler.status.push === 'interrupted')
    expect(failures).toHaveLength(1)
    expect(String(failures[0])).toMatch(/cannot listen/)
    await deposit(7)
    await waitFor(() => seen.length === 1)
  })

  it('an interrupted subscription is reported, and resuming wakes the handler', async () => {
    const pushing = pushingProvider({ subscribe: 'silent' })
    const failures: unknown[] = []
    const { createHandler, deposit } = setup(pushing.provider)
    const seen: number[] = []
    const handler = createHandler('push-resumes', ['account'], { tailInterval: 60_000, hooks: { onFailure: (error) => void failures.push(error) } })
    handler.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    handler.start()
    await waitFor(() => handler.status.push === 'listening' && handler.status.caughtUp)
    await new Promise((resolve) => setTimeout(resolve, 1800))
    pushing.listeners[0]!.interrupted!(new Error('connection lost'))
    expect(handler.status.push).toBe('interrupted')
    expect(failures).toHaveLength(1)
    await deposit(3)
    pushing.listeners[0]!.resumed!()
    expect(handler.status.push).toBe('listening')
    await waitFor(() => seen.length === 1, 1000)
  }, 10_000)
})

describe('push wake-ups: a subscription that never settles', () => {
  it('does not hold up stop(), and is closed when it settles', async () => {
    let settle: (() => void) | undefined
    let closed = 0
    const inner = createMemoryProvider()
    const provider: Provider = {
      ...inner,
      name: 'hanging',
      subscribeAppends: () =>
        new Promise((resolve) => {
          settle = () => resolve({ close: async () => void closed++ })
        }),
    }
    const { createHandler } = setup(provider)
    const handler = createHandler('push-hangs', ['account'], { tailInterval: 50 })
    handler.start()
    await waitFor(() => handler.status.caughtUp)
    expect(handler.status.push).toBe('starting')
    await handler.stop()
    expect(handler.status.push).toBe('off')
    settle!()
    await waitFor(() => closed === 1)
  })
})
