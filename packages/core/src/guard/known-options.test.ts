import { account } from '../../test/fixtures.js'
import { createAggregate } from '../aggregate.js'
import { createCommands } from '../commands/create-commands.js'
import { createDomain } from '../create-domain.js'
import { isValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import { refuseUnknownKeys } from './known-options.js'

/** The ValidationError `run` throws, so its path and message can be checked. */
function refusal(run: () => unknown): { path: string; message: string } {
  try {
    run()
  } catch (err) {
    if (isValidationError(err)) return { path: err.path, message: err.message }
    throw err
  }
  throw new Error('expected a ValidationError, nothing was thrown')
}

const plain = { stream: 'counter', create: () => ({ n: 0 }), fold: () => ({}) }

describe('refuseUnknownKeys', () => {
  it('accepts known keys and names the first unknown one with the known list', () => {
    expect(() => refuseUnknownKeys({ a: 1, b: undefined }, 'options', ['a', 'b'])).not.toThrow()
    expect(refusal(() => refuseUnknownKeys({ a: 1, c: undefined }, 'options', ['a', 'b']))).toEqual({
      path: 'options.c',
      message: 'options.c: unknown option (known options: a, b)',
    })
  })

  it("tells evtstore@12's names apart and says what replaces them", () => {
    expect(refusal(() => refuseUnknownKeys({ useCache: true }, 'options', ['provider'])).message).toMatch(/cacheSize/)
    expect(refusal(() => refuseUnknownKeys({ tailStream: true }, 'options', [])).message).toMatch(/startAtEnd: true/)
  })

  it('prefers a hint given by the caller', () => {
    expect(refusal(() => refuseUnknownKeys({ client: 1 }, 'options', ['sql'], { client: 'give sql' })).message).toBe(
      'options.client: unknown option (give sql)',
    )
  })
})

describe('options objects refuse what they do not understand', () => {
  it('createAggregate: version, persistAggregate, aggregate, typos', () => {
    expect(refusal(() => createAggregate({ ...plain, version: '2' } as never))).toMatchObject({ path: 'aggregate.version' })
    expect(refusal(() => createAggregate({ ...plain, persistAggregate: true } as never)).message).toMatch(/snapshot/)
    expect(refusal(() => createAggregate({ ...plain, aggregate: () => ({}) } as never)).message).toMatch(/now create/)
    expect(refusal(() => createAggregate({ ...plain, flod: () => ({}) } as never)).path).toBe('aggregate.flod')
  })

  it('createDomain: useCache, and a promise of a provider refused at once', () => {
    const provider = createMemoryProvider()
    expect(refusal(() => createDomain({ provider, useCache: true } as never, { account }))).toMatchObject({
      path: 'options.useCache',
    })
    const refused = refusal(() => createDomain({ provider: Promise.resolve(provider) } as never, { account }))
    expect(refused.path).toBe('options.provider')
    expect(refused.message).toMatch(/is a promise: await it first/)
  })

  it('createHandler: tailStream, alwaysTailStream, hooks, retryDelay keys', () => {
    const { createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    expect(refusal(() => createHandler('h', ['account'], { tailStream: true } as never)).message).toMatch(/startAtEnd/)
    expect(refusal(() => createHandler('h', ['account'], { alwaysTailStream: true } as never)).path).toBe(
      'options.alwaysTailStream',
    )
    const preRun = refusal(() => createHandler('h', ['account'], { hooks: { preRun: () => undefined } } as never))
    expect(preRun.path).toBe('options.hooks.preRun')
    expect(preRun.message).toMatch(/runOnce/)
    expect(refusal(() => createHandler('h', ['account'], { retryDelay: { initalMs: 5 } } as never)).path).toBe(
      'options.retryDelay.initalMs',
    )
  })

  it('createCommands, a command call and domain append', async () => {
    const { domain } = createDomain({ provider: createMemoryProvider() }, { account })
    expect(refusal(() => createCommands(domain.account, {}, { retry: 2 } as never)).path).toBe('options.retry')
    const cmds = createCommands(domain.account, { open: () => ({ type: 'opened' as const, owner: 'ada' }) })
    await expect(cmds.open('a', {}, { idempotency: 'k' } as never)).rejects.toMatchObject({ path: 'options.idempotency' })
    await expect(domain.account.append('a', [], { expectedVersion: 0, expected: 1 } as never)).rejects.toMatchObject({
      path: 'options.expected',
    })
    // Nothing was stored by the refused calls.
    expect(await domain.account.getEvents('a')).toEqual([])
  })

  it('createMemoryProvider: onError (a v12 provider option)', () => {
    expect(refusal(() => createMemoryProvider({ onError: () => undefined } as never)).message).toMatch(/handler/)
  })
})
