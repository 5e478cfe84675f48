import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { ValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'

async function setup(deposits: number) {
  const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
  for (let i = 0; i < deposits; i++) {
    await domain.account.append('a', [{ type: 'deposited', amount: i + 1 }], { expectedVersion: i })
  }
  return { createHandler }
}

/** Rejects when `promise` is still pending after `ms`, instead of hanging the test until jest's timeout. */
function within<T>(promise: Promise<T>, ms = 1000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms (deadlock)`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

describe('createHandler: calls from inside its own handle() functions', () => {
  it('stop() awaited inside handle() in start() mode requests the stop and resolves at once', async () => {
    const { createHandler } = await setup(3)
    const seen: number[] = []
    let stopped = false
    const h = createHandler('stop-inside', ['account'], { tailInterval: 5 })
    h.handle('account', 'deposited', async (_id, ev) => {
      seen.push(ev.amount)
      if (ev.amount === 1) {
        await h.stop()
        stopped = true
      }
    })
    h.start()
    const until = Date.now() + 1000
    while (!stopped && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2))
    expect(stopped).toBe(true)
    expect(h.running).toBe(false)
    await within(h.stop())
    expect(seen).toEqual([1]) // the stop took effect after the event in flight
    expect(await h.getPosition()).toBe('1')
  })

  it('stop() awaited inside handle() during runOnce() resolves, and the run finishes', async () => {
    const { createHandler } = await setup(2)
    const h = createHandler('stop-in-run', ['account'])
    h.handle('account', 'deposited', () => h.stop())
    expect(await within(h.runOnce())).toEqual({ handled: 2, position: '2' })
  })

  it('runOnce(), reset() and setPosition() inside handle() reject with ValidationError instead of deadlocking', async () => {
    const { createHandler } = await setup(1)
    const errors: unknown[] = []
    const h = createHandler('reentry', ['account'])
    h.handle('account', 'deposited', async () => {
      const calls: (() => Promise<unknown>)[] = [() => h.runOnce(), () => h.reset(), () => h.setPosition('0')]
      for (const call of calls) {
        errors.push(await within(call()).catch((e: unknown) => e))
      }
    })
    expect(await within(h.runOnce())).toEqual({ handled: 1, position: '1' })
    expect(errors).toHaveLength(3)
    for (const err of errors) {
      expect(err).toBeInstanceOf(ValidationError)
      expect((err as Error).message).toMatch(/inside/)
    }
    // Outside a handle() function the same calls work.
    await h.reset()
    expect(await h.runOnce()).toEqual({ handled: 1, position: '1' })
  })

  it('another handler can still be run from inside a handle() function', async () => {
    const { createHandler } = await setup(1)
    const inner = createHandler('inner', ['account'])
    let innerSeen = 0
    inner.handle('account', 'deposited', () => void innerSeen++)
    const outer = createHandler('outer', ['account'])
    outer.handle('account', 'deposited', async () => void (await inner.runOnce()))
    await within(outer.runOnce())
    expect(innerSeen).toBe(1)
  })
})
