import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'

describe('handleStream', () => {
  it('registers one function per event type of a stream, like handle() for each', async () => {
    const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    await domain.account.append('a', [{ type: 'opened', owner: 'ada' }, { type: 'deposited', amount: 5 }, { type: 'withdrawn', amount: 2 }], {
      expectedVersion: 0,
    })
    const seen: string[] = []
    const handler = createHandler('h', ['account'])
    handler.handleStream('account', {
      deposited: (id, ev) => void seen.push(`${id}+${ev.amount}`),
      withdrawn: (id, ev, envelope) => void seen.push(`${id}-${ev.amount}@${envelope.version}`),
    })
    expect(await handler.runOnce()).toMatchObject({ handled: 3 })
    expect(seen).toEqual(['a+5', 'a-2@3'])
    expect(() => handler.handleStream('account', { deposited: 'nope' as never })).toThrow(/fn: must be a function/)
    expect(() => handler.handleStream('nope' as never, {})).toThrow(/not one of this handler's streams/)
    expect(() => handler.handleStream('nope' as never, { x: () => undefined } as never)).toThrow(/not one of this handler's streams/)
  })
})
