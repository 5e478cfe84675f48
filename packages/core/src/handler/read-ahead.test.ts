import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider, ReadLogRequest } from '../provider.js'

// A handler reads the page after a batch while it handles the batch. These tests pin what
// that may and may not change: the order of events, the bookmark, failures, and that a
// finished run leaves no read behind.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The memory provider with its log reads recorded (and slowed down or failed on demand). */
function recordingStore(options: { readDelayMs?: number; failRead?: (call: number) => boolean } = {}) {
  const memory = createMemoryProvider()
  const log: string[] = []
  let reads = 0
  let inFlight = 0
  const provider: Provider = {
    name: 'recording',
    append: (r) => memory.append(r),
    readAggregate: (r) => memory.readAggregate(r),
    getBookmark: (n) => memory.getBookmark(n),
    setBookmark: async (n, p) => {
      log.push(`save ${p}`)
      await memory.setBookmark(n, p)
    },
    async readLog(r: ReadLogRequest) {
      const call = ++reads
      inFlight++
      log.push(`read ${call} from ${r.after}`)
      try {
        if (options.readDelayMs !== undefined) await sleep(options.readDelayMs)
        if (options.failRead?.(call) === true) throw new Error(`read ${call} failed`)
        return await memory.readLog(r)
      } finally {
        inFlight--
      }
    },
  }
  const { domain, createHandler } = createDomain({ provider }, { account })
  const deposit = async (count: number) => {
    for (let i = 0; i < count; i++) await domain.account.append('a', [{ type: 'deposited', amount: i + 1 }], { expectedVersion: i })
  }
  return { createHandler, deposit, log, reads: () => reads, inFlight: () => inFlight }
}

describe('handler read ahead', () => {
  it('reads the next page while the batch is being handled, and delivers in order', async () => {
    const store = recordingStore()
    await store.deposit(5)
    const h = store.createHandler('ahead', ['account'], { batchSize: 2 })
    const seen: number[] = []
    h.handle('account', 'deposited', async (_id, ev) => {
      store.log.push(`handle ${ev.amount}`)
      seen.push(ev.amount)
      await sleep(1)
    })
    await h.runOnce()
    expect(seen).toEqual([1, 2, 3, 4, 5])
    // The second page is asked for before the first batch's events are handled.
    expect(store.log.indexOf('read 2 from 2')).toBeLessThan(store.log.indexOf('handle 1'))
    expect(store.log.filter((line) => line.startsWith('save'))).toEqual(['save 2', 'save 4', 'save 5'])
  })

  it('reads a page whose read ahead failed again in its turn, and the run goes on', async () => {
    const store = recordingStore({ failRead: (call) => call === 2 })
    await store.deposit(5)
    const h = store.createHandler('retry-read', ['account'], { batchSize: 2 })
    const seen: number[] = []
    h.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    await expect(h.runOnce()).resolves.toEqual({ handled: 5, position: '5' })
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expect(store.log.filter((line) => line.startsWith('read'))).toEqual([
      'read 1 from 0',
      'read 2 from 2',
      'read 3 from 2',
      'read 4 from 4',
      'read 5 from 5',
    ])
  })

  it('surfaces a read that keeps failing from runOnce, with the bookmark after the last handled batch', async () => {
    const store = recordingStore({ failRead: (call) => call >= 2 })
    await store.deposit(3)
    const h = store.createHandler('failing-read', ['account'], { batchSize: 2 })
    const seen: number[] = []
    h.handle('account', 'deposited', (_id, ev) => void seen.push(ev.amount))
    await expect(h.runOnce()).rejects.toMatchObject({ code: 'PROVIDER_FAILURE', cause: { message: 'read 3 failed' } })
    expect(seen).toEqual([1, 2])
    expect(store.log.filter((line) => line.startsWith('save'))).toEqual(['save 2'])
    expect(store.inFlight()).toBe(0)
  })

  it('leaves no read in flight once runOnce has resolved', async () => {
    const store = recordingStore({ readDelayMs: 5 })
    await store.deposit(4)
    const h = store.createHandler('settled', ['account'], { batchSize: 2 })
    h.handle('account', 'deposited', () => undefined)
    await h.runOnce()
    expect(store.inFlight()).toBe(0)
  })

  it('after a stop in the middle of a batch: no read left in flight, and the next run starts after the last handled event', async () => {
    const store = recordingStore({ readDelayMs: 10 })
    await store.deposit(6)
    const h = store.createHandler('stopping', ['account'], { batchSize: 4, tailInterval: 5 })
    const seen: number[] = []
    let release: (() => void) | undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let atTwo = false
    h.handle('account', 'deposited', async (_id, ev) => {
      seen.push(ev.amount)
      if (ev.amount === 2) {
        atTwo = true
        await gate
      }
    })
    h.start()
    while (!atTwo) await sleep(1)
    // Event 2 is being handled and the page after this batch is being read ahead.
    expect(store.inFlight()).toBe(1)
    const stopped = h.stop()
    release!()
    await stopped
    expect(seen).toEqual([1, 2])
    expect(store.inFlight()).toBe(0)
    await h.runOnce()
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
  })
})
