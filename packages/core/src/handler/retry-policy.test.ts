import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import type { StoredEvent } from '../envelope.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import { getFailedEvent } from './failed-event.js'

const made: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((h) => h.stop()))
})

async function setup(amounts: number[]) {
  const { domain, createHandler: make } = createDomain({ provider: createMemoryProvider() }, { account })
  const createHandler: typeof make = (...args) => {
    const handler = make(...args)
    made.push(handler)
    return handler
  }
  const stored: StoredEvent[] = []
  for (const [index, amount] of amounts.entries()) {
    stored.push(...(await domain.account.append('a', [{ type: 'deposited', amount }], { expectedVersion: index })))
  }
  return { createHandler, stored }
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

describe('retry policy and dead letter', () => {
  it('retries a failing event in place, with backoff, and goes on when a try succeeds', async () => {
    const { createHandler } = await setup([1, 2])
    const tries: number[] = []
    const failures: number[] = []
    const handler = createHandler('retry', ['account'], {
      retry: { attempts: 3, backoff: { initialMs: 1, maxMs: 2 } },
      hooks: { onFailure: (_err, info) => void failures.push(info.attempt) },
    })
    handler.handle('account', 'deposited', (_id, event) => {
      tries.push(event.amount)
      if (event.amount === 1 && tries.length < 3) throw new Error('flaky')
    })
    expect((await handler.runOnce()).handled).toBe(2)
    expect(tries).toEqual([1, 1, 1, 2])
    expect(failures).toEqual([1, 2])
  })

  it("hands an event that fails every try to the dead letter once, and moves on ('skip')", async () => {
    const { createHandler, stored } = await setup([1, 2, 3])
    const dead: Array<{ error: unknown; event: StoredEvent; attempts: number }> = []
    const handled: number[] = []
    const handler = createHandler('skip', ['account'], {
      retry: { attempts: 2, backoff: { initialMs: 1 }, deadLetter: (error, event, info) => void dead.push({ error, event, attempts: info.attempts }) },
    })
    handler.handle('account', 'deposited', (_id, event) => {
      if (event.amount === 2) throw new Error('poison')
      handled.push(event.amount)
    })
    const result = await handler.runOnce()
    expect(result.handled).toBe(3)
    expect(handled).toEqual([1, 3])
    expect(dead).toHaveLength(1)
    expect(dead[0]!.event.id).toBe(stored[1]!.id)
    expect(dead[0]!.attempts).toBe(2)
    expect(String(dead[0]!.error)).toMatch(/poison/)
    expect(await handler.getPosition()).toBe(stored[2]!.position)
    expect(handler.status.deadLettered).toBe(1)
  })

  it("stops at the event after the dead letter ('stop'): the bookmark stays before it, a started handler ends in 'failed'", async () => {
    const { createHandler, stored } = await setup([1, 2, 3])
    const dead: string[] = []
    const options = {
      retryDelay: { initialMs: 1, maxMs: 1 },
      retry: { attempts: 2, backoff: { initialMs: 1 }, deadLetter: (_e: unknown, event: StoredEvent) => void dead.push(event.id), afterDeadLetter: 'stop' as const },
    }
    const once = createHandler('stop', ['account'], options)
    once.handle('account', 'deposited', (_id, event) => {
      if (event.amount === 2) throw new Error('poison')
    })
    const error = await once.runOnce().catch((err: unknown) => err)
    expect(String(error)).toMatch(/poison/)
    expect(getFailedEvent(error)?.id).toBe(stored[1]!.id)
    expect(await once.getPosition()).toBe(stored[0]!.position)

    let tries = 0
    const started = createHandler('stop', ['account'], options)
    started.handle('account', 'deposited', (_id, event) => {
      if (event.amount === 2) {
        tries++
        throw new Error('poison')
      }
    })
    started.start()
    await waitFor(() => started.status.state === 'failed')
    expect(started.running).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // Not retried after it stopped: two tries, no more.
    expect(tries).toBe(2)
    expect(dead).toEqual([stored[1]!.id, stored[1]!.id])
    expect(await started.getPosition()).toBe(stored[0]!.position)
    expect(String(started.status.lastError?.error)).toMatch(/poison/)
  })

  it('a failing dead letter stops the run at the event, as a failing handler would', async () => {
    const { createHandler, stored } = await setup([1, 2])
    const handler = createHandler('dl-fails', ['account'], {
      retry: { attempts: 1, deadLetter: () => Promise.reject(new Error('dead letter store down')) },
    })
    handler.handle('account', 'deposited', (_id, event) => {
      if (event.amount === 2) throw new Error('poison')
    })
    await expect(handler.runOnce()).rejects.toThrow(/dead letter store down/)
    expect(await handler.getPosition()).toBe(stored[0]!.position)
  })

  it('refuses retry with continueOnError, and bad policies', async () => {
    const { createHandler } = await setup([])
    expect(() => createHandler('x', ['account'], { continueOnError: true, retry: { attempts: 2 } })).toThrow(/options.retry/)
    expect(() => createHandler('x', ['account'], { retry: { attempts: 0 } })).toThrow(/options.retry.attempts/)
    expect(() => createHandler('x', ['account'], { retry: { attempts: 2, afterDeadLetter: 'later' as never } })).toThrow(/afterDeadLetter/)
  })
})
