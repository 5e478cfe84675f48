import { account, countingProvider } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { RetryInfo } from './handler-types.js'

// Every handler made in a test is stopped afterwards, even when the test fails.
const made: { stop(): Promise<void> }[] = []

function setup() {
  const counted = countingProvider(createMemoryProvider())
  const { domain, createHandler: make } = createDomain({ provider: counted.provider }, { account })
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
  return { createHandler, deposit, calls: counted.calls }
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
const waitFor = async (check: () => boolean, ms = 2000) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

describe('createHandler: start/stop', () => {
  afterEach(async () => {
    jest.useRealTimers()
    await Promise.all(made.splice(0).map((h) => h.stop()))
  })

  it('creates no timer before start(), even after handle() and runOnce()', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    const { createHandler, deposit } = setup()
    await deposit(1)
    const h = createHandler('quiet', ['account'], { tailInterval: 10 })
    h.handle('account', 'deposited', () => {})
    await h.runOnce()
    expect(jest.getTimerCount()).toBe(0)
    h.start()
    await waitForFake(() => jest.getTimerCount() === 1)
    await h.stop()
    expect(jest.getTimerCount()).toBe(0)
  })

  it('tails new events, and stop() clears every timer', async () => {
    const { createHandler, deposit } = setup()
    const before = timers()
    const seen: number[] = []
    const h = createHandler('tail', ['account'], { tailInterval: 5 })
    h.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    h.start()
    h.start() // a second start is ignored
    expect(h.running).toBe(true)
    await deposit(1)
    await waitFor(() => seen.length === 1)
    await deposit(2)
    await waitFor(() => seen.length === 2)
    await h.stop()
    expect(h.running).toBe(false)
    // At most as many as before: timers of other tests in this process may have fired meanwhile.
    expect(timers()).toBeLessThanOrEqual(before)
    expect(seen).toEqual([1, 2])
  })

  it('stop() waits for the event in flight, saves the bookmark and handles nothing more', async () => {
    const { createHandler, deposit } = setup()
    for (let i = 1; i <= 3; i++) await deposit(i)
    let release!: () => void
    const blocked = new Promise<void>((resolve) => (release = resolve))
    let started = false
    const done: number[] = []
    const h = createHandler('graceful', ['account'], { batchSize: 10, tailInterval: 5 })
    h.handle('account', 'deposited', async (_id, ev) => {
      if (ev.amount === 1) {
        started = true
        await blocked
      }
      done.push(ev.amount)
    })
    h.start()
    await waitFor(() => started)
    let stopped = false
    const stopping = h.stop().then(() => (stopped = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stopped).toBe(false)
    release()
    await stopping
    expect(done).toEqual([1])
    expect(await h.getPosition()).toBe('1')
  })

  it('retries a failing event with exponential backoff until it succeeds', async () => {
    const { createHandler, deposit } = setup()
    await deposit(1)
    await deposit(2)
    let failures = 2
    const retries: RetryInfo[] = []
    const seen: number[] = []
    const h = createHandler('backoff', ['account'], {
      tailInterval: 5,
      retryDelay: { initialMs: 10, maxMs: 15 },
      onRetry: (_err, info) => void retries.push(info),
    })
    h.handle('account', 'deposited', (_id, ev) => {
      if (ev.amount === 2 && failures-- > 0) throw new Error('flaky')
      seen.push(ev.amount)
    })
    h.start()
    await waitFor(() => seen.length === 2)
    await h.stop()
    expect(seen).toEqual([1, 2])
    expect(retries.map((r) => [r.attempt, r.delayMs, r.event?.version])).toEqual([
      [1, 10, 2],
      [2, 15, 2],
    ])
  })

  it('starts the backoff over when a retry gets past the failing event and fails on a later one', async () => {
    const { createHandler, deposit } = setup()
    for (let i = 1; i <= 4; i++) await deposit(i)
    const failedOnce = new Set<number>()
    const retries: RetryInfo[] = []
    const seen: number[] = []
    const h = createHandler('progress', ['account'], {
      retryDelay: { initialMs: 2, maxMs: 10_000 },
      onRetry: (_err, info) => void retries.push(info),
    })
    h.handle('account', 'deposited', (_id, ev) => {
      if (!failedOnce.has(ev.amount)) {
        failedOnce.add(ev.amount)
        throw new Error('transient')
      }
      seen.push(ev.amount)
    })
    h.start()
    await waitFor(() => seen.length === 4)
    await h.stop()
    expect(retries.map((r) => [r.attempt, r.delayMs, r.event?.version])).toEqual([
      [1, 2, 1],
      [1, 2, 2],
      [1, 2, 3],
      [1, 2, 4],
    ])
  })

  it('start() before an earlier stop() resolved: that stop() resolves and only one loop runs', async () => {
    const { createHandler, deposit, calls } = setup()
    const seen: number[] = []
    const h = createHandler('restart', ['account'], { tailInterval: 1000 })
    h.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    h.start()
    await waitFor(() => (calls.readLog ?? 0) === 1)
    let firstStopped = false
    const firstStop = h.stop().then(() => (firstStopped = true))
    h.start() // e.g. a supervisor restarting without awaiting the stop
    await waitFor(() => firstStopped, 500)
    expect(h.running).toBe(true)
    // Exactly one loop polls: one more read (the new loop's first) and then it sleeps.
    await waitFor(() => (calls.readLog ?? 0) === 2)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(calls.readLog).toBe(2)
    await deposit(1)
    const startedAt = Date.now()
    await h.stop()
    await firstStop
    expect(Date.now() - startedAt).toBeLessThan(500) // the 1000 ms tail sleep was cut short
    expect(h.running).toBe(false)
  })

  it('a stop() during backoff resolves promptly, also after a restart while stopping', async () => {
    const { createHandler, deposit } = setup()
    await deposit(1)
    let retries = 0
    const h = createHandler('stop-in-backoff', ['account'], {
      retryDelay: { initialMs: 3000, maxMs: 3000 },
      onRetry: () => void retries++,
    })
    h.handle('account', 'deposited', () => {
      throw new Error('down')
    })
    h.start()
    await waitFor(() => retries === 1)
    const firstStop = h.stop()
    h.start()
    await waitFor(() => retries === 2, 1000)
    const startedAt = Date.now()
    await Promise.all([firstStop, h.stop()])
    expect(Date.now() - startedAt).toBeLessThan(1000)
  })

  it('keeps retrying when an async onRetry rejects (no unhandled rejection)', async () => {
    const { createHandler, deposit } = setup()
    await deposit(1)
    const unhandled: unknown[] = []
    const record = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', record)
    try {
      let attempts = 0
      const h = createHandler('async-logger', ['account'], {
        retryDelay: { initialMs: 2, maxMs: 2 },
        onRetry: async () => {
          throw new Error('log sink down')
        },
      })
      h.handle('account', 'deposited', () => {
        attempts++
        throw new Error('boom')
      })
      h.start()
      await waitFor(() => attempts >= 3)
      await h.stop()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', record)
    }
  })
})

async function waitForFake(check: () => boolean) {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve))
  if (!check()) throw new Error('condition not met')
}
