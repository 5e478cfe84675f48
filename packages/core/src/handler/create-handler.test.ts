import { account, countingProvider, user } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import type { StoredEvent } from '../envelope.js'
import { ProviderError, ValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider } from '../provider.js'
import { getFailedEvent } from './failed-event.js'

async function setup(deposits = 5, provider: Provider = createMemoryProvider()) {
  const counted = countingProvider(provider)
  const { domain, createHandler } = createDomain({ provider: counted.provider }, { account, user })
  await domain.account.append('a', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
  for (let i = 1; i <= deposits; i++) {
    await domain.account.append('a', [{ type: 'deposited', amount: i }], { expectedVersion: i })
  }
  return { domain, createHandler, calls: counted.calls, fail: counted.fail }
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createHandler: runOnce', () => {
  it('handles every event in position order and saves the bookmark exactly once per batch', async () => {
    const { domain, createHandler, calls } = await setup(5)
    await domain.user.append('u', [{ type: 'created', name: 'x' }], { expectedVersion: 0 })
    const seen: string[] = []
    const h = createHandler('h1', ['account', 'user'], { batchSize: 2 })
    h.handle('account', 'deposited', (id, ev, envelope) => void seen.push(`${id}:${ev.amount}@${envelope.position}`))
    h.handle('user', 'created', (id, ev) => void seen.push(`${id}:${ev.name}`))
    const result = await h.runOnce()
    expect(seen).toEqual(['a:1@2', 'a:2@3', 'a:3@4', 'a:4@5', 'a:5@6', 'u:x'])
    expect(result).toEqual({ handled: 7, position: '7' })
    expect(calls.setBookmark).toBe(4) // batches of 2, 2, 2, 1
    expect(calls.readLog).toBe(5) // ... and the empty batch that ends the run
    // Caught up: a second run writes no bookmark and delivers nothing again.
    expect(await h.runOnce()).toEqual({ handled: 0, position: '7' })
    expect(calls.setBookmark).toBe(4)
    expect(seen).toHaveLength(6)
    expect(await h.getPosition()).toBe('7')
  })

  it('reads only its own streams', async () => {
    const { domain, createHandler } = await setup(1)
    await domain.user.append('u', [{ type: 'created', name: 'x' }], { expectedVersion: 0 })
    const seen: string[] = []
    const h = createHandler('h2', ['user'])
    h.handle('user', 'created', (_id, ev) => void seen.push(ev.name))
    expect(await h.runOnce()).toEqual({ handled: 1, position: '3' })
    expect(seen).toEqual(['x'])
  })

  it('serialises concurrent runOnce calls: no event is handled twice', async () => {
    const { createHandler } = await setup(6)
    let delivered = 0
    const h = createHandler('h3', ['account'], { batchSize: 2 })
    h.handle('account', 'deposited', async () => {
      await tick(1)
      delivered++
    })
    const results = await Promise.all([h.runOnce(), h.runOnce(), h.runOnce()])
    expect(delivered).toBe(6)
    expect(results.map((r) => r.handled).sort()).toEqual([0, 0, 7])
  })

  it('stops at a failing event: bookmark on the last handled one, error reports the event', async () => {
    const { createHandler, calls } = await setup(5)
    const boom = new Error('boom')
    let failOn: number | undefined = 3
    const seen: number[] = []
    const h = createHandler('h4', ['account'], { batchSize: 10 })
    h.handle('account', 'deposited', (_id, ev) => {
      if (ev.amount === failOn) throw boom
      seen.push(ev.amount)
    })
    const err = await h.runOnce().catch((e: unknown) => e)
    expect(err).toBe(boom)
    const failed = getFailedEvent(err)!
    expect(failed).toMatchObject({ stream: 'account', aggregateId: 'a', version: 4, position: '4', event: { type: 'deposited', amount: 3 } })
    expect((err as { event?: StoredEvent }).event).toBe(failed)
    expect(seen).toEqual([1, 2])
    expect(await h.getPosition()).toBe('3')
    expect(calls.setBookmark).toBe(1)
    failOn = undefined
    expect(await h.runOnce()).toEqual({ handled: 3, position: '6' })
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })

  it('wraps a thrown non-error so the failing event can still be reported', async () => {
    const { createHandler } = await setup(1)
    const h = createHandler('h5', ['account'])
    h.handle('account', 'opened', () => {
      throw 'plain string'
    })
    const err = await h.runOnce().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).cause).toBe('plain string')
    expect(getFailedEvent(err)?.version).toBe(1)
    expect(await h.getPosition()).toBe('0')
  })

  it('with continueOnError awaits onError with the failing event and moves on', async () => {
    const { createHandler, calls } = await setup(4)
    const failures: [unknown, StoredEvent][] = []
    const h = createHandler('h6', ['account'], {
      batchSize: 100,
      continueOnError: true,
      onError: async (err, event) => {
        await tick(1)
        failures.push([err, event])
      },
    })
    const seen: number[] = []
    h.handle('account', 'deposited', (_id, ev) => {
      if (ev.amount % 2 === 0) throw new Error(`even ${ev.amount}`)
      seen.push(ev.amount)
    })
    expect(await h.runOnce()).toEqual({ handled: 5, position: '5' })
    expect(seen).toEqual([1, 3])
    expect(failures.map(([err, event]) => [(err as Error).message, event.version])).toEqual([
      ['even 2', 3],
      ['even 4', 5],
    ])
    expect(calls.setBookmark).toBe(1)
  })

  it('stops at the event when onError itself throws', async () => {
    const { createHandler } = await setup(3)
    const loggerDown = new Error('logger down')
    const h = createHandler('h6b', ['account'], {
      continueOnError: true,
      onError: () => {
        throw loggerDown
      },
    })
    h.handle('account', 'deposited', (_id, ev) => {
      if (ev.amount === 2) throw new Error('bad')
    })
    const err = await h.runOnce().catch((e: unknown) => e)
    expect(err).toBe(loggerDown)
    expect(getFailedEvent(err)?.version).toBe(3)
    expect(await h.getPosition()).toBe('2')
  })

  it('reset replays, setPosition validates and moves the bookmark', async () => {
    const { createHandler } = await setup(3)
    let count = 0
    const h = createHandler('h7', ['account'])
    h.handle('account', 'deposited', () => void count++)
    await h.runOnce()
    await h.reset()
    expect(await h.getPosition()).toBe('0')
    await h.runOnce()
    expect(count).toBe(6)
    await h.setPosition('3')
    expect(await h.runOnce()).toEqual({ handled: 1, position: '4' })
    await expect(h.setPosition('03')).rejects.toBeInstanceOf(ValidationError)
    await expect(h.setPosition(4 as unknown as string)).rejects.toBeInstanceOf(ValidationError)
  })

  it('rejects unknown streams and bad options at runtime', async () => {
    const { createHandler } = await setup(0)
    expect(() => createHandler('x', ['nope' as 'account'])).toThrow(ValidationError)
    expect(() => createHandler('x', [])).toThrow(ValidationError)
    expect(() => createHandler('', ['account'])).toThrow(ValidationError)
    expect(() => createHandler('x', ['account'], { batchSize: 0 })).toThrow(ValidationError)
    expect(() => createHandler('x', ['account'], { retryDelay: { initialMs: 100, maxMs: 10 } })).toThrow(ValidationError)
    const h = createHandler('x', ['account'])
    expect(() => h.handle('user' as 'account', 'opened', () => {})).toThrow(ValidationError)
  })

  it('reports provider failures as ProviderError, with no failed event', async () => {
    const { createHandler, fail } = await setup(1)
    fail.readLog = new Error('connection lost')
    const err = await createHandler('h8', ['account']).runOnce().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(getFailedEvent(err)).toBeUndefined()
  })
})
