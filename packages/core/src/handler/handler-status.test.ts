import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { BatchInfo, HandlerStatus } from './handler-status.js'

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

describe('handler status and hooks', () => {
  it('shows position, lag, caught-up and counts, and calls onBatch / onCaughtUp / onStateChange', async () => {
    const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    for (let v = 0; v < 5; v++) await domain.account.append('a', [{ type: 'deposited', amount: v }], { expectedVersion: v })
    const batches: BatchInfo[] = []
    const caughtUp: HandlerStatus[] = []
    const states: string[] = []
    let during: HandlerStatus | undefined
    const handler = createHandler('status', ['account'], {
      batchSize: 2,
      tailInterval: 5,
      hooks: {
        onBatch: (info) => void batches.push(info),
        onCaughtUp: (status) => void caughtUp.push(status),
        onStateChange: (status) => void states.push(status.state),
      },
    })
    made.push(handler)
    handler.handle('account', 'deposited', (_id, event) => {
      if (event.amount === 0) during = handler.status
    })
    expect(handler.status).toMatchObject({ state: 'idle', position: undefined, lagEvents: undefined, handled: 0, caughtUp: false })
    handler.start()
    await waitFor(() => handler.status.caughtUp)
    // While handling the first event of a full page of 2: 2 waiting, maybe more beyond.
    expect(during).toMatchObject({ state: 'running', position: '0', lagEvents: 2, lagEventsComplete: false, caughtUp: false })
    expect(during!.lagMs).toBeGreaterThanOrEqual(0)
    const status = handler.status
    expect(status).toMatchObject({ state: 'running', caughtUp: true, lagEvents: 0, lagEventsComplete: true, lagMs: 0, handled: 5, position: '5' })
    expect(batches.map((b) => [b.events, b.consumed, b.position])).toEqual([
      [2, 2, '2'],
      [2, 2, '4'],
      [1, 1, '5'],
    ])
    expect(caughtUp).toHaveLength(1)
    await handler.stop()
    expect(states).toEqual(['running', 'idle'])
    expect(handler.status.state).toBe('idle')
  })

  it('keeps the last error and a retrying state, and ignores hooks that throw', async () => {
    const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    await domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 0 })
    let fail = true
    const handler = createHandler('errors', ['account'], {
      tailInterval: 5,
      retryDelay: { initialMs: 5, maxMs: 5 },
      hooks: {
        onFailure: () => {
          throw new Error('logger down')
        },
        onBatch: () => Promise.reject(new Error('metrics down')),
      },
    })
    made.push(handler)
    handler.handle('account', 'deposited', () => {
      if (fail) throw new Error('not yet')
    })
    handler.start()
    await waitFor(() => handler.status.lastError !== undefined)
    expect(handler.status.state).toBe('retrying')
    expect(String(handler.status.lastError?.error)).toMatch(/not yet/)
    expect(handler.status.lastError?.event?.version).toBe(1)
    fail = false
    await waitFor(() => handler.status.caughtUp && handler.status.handled === 1)
    expect(handler.status.lastError).toBeUndefined()
    expect(handler.status.state).toBe('running')
  })
})
