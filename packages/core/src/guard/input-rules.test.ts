import { countingProvider } from '../../test/fixtures.js'
import { createAggregate } from '../aggregate.js'
import { createDomain } from '../create-domain.js'
import { isValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { AppendRequest, Provider } from '../provider.js'
import { guardProvider } from './guard-provider.js'
import { MAX_JSON_DEPTH, MAX_PAGE_SIZE, MAX_VERSION, isWellFormedText } from './limits.js'

const request = (overrides: Partial<AppendRequest> = {}): AppendRequest => ({
  stream: 'account',
  aggregateId: 'a-1',
  expectedVersion: 0,
  events: [{ id: 'e-1', event: { type: 'opened' } }],
  ...overrides,
})

async function refusal(work: () => Promise<unknown>): Promise<{ path: string; message: string }> {
  try {
    await work()
  } catch (err) {
    if (isValidationError(err)) return err
    throw err
  }
  throw new Error('was not refused')
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true }
  for (let i = 1; i < depth; i++) value = { inner: value }
  return value
}

describe('input rules, enforced before the provider is called', () => {
  it('tells well-formed text from text with lone surrogates', () => {
    expect(isWellFormedText('plain é 中 \ud83d\ude00')).toBe(true)
    for (const bad of ['a\ud800', 'a\udbff', '\udc00b', 'x\ud83d', '\ude00\ud83d']) expect(isWellFormedText(bad)).toBe(false)
  })

  it.each([
    ['aggregate id', { aggregateId: 'a\ud800' }, 'aggregateId'],
    ['stream', { stream: 's\udfff' }, 'stream'],
    ['event id', { events: [{ id: 'e\ud800', event: { type: 't' } }] }, 'events[0].id'],
    ['payload string', { events: [{ id: 'e', event: { type: 't', text: 'x\ud800' } }] }, 'events[0].event.text'],
    ['payload key', { events: [{ id: 'e', event: { type: 't', ['k\udc00']: 1 } }] }, 'events[0].event["k\\udc00"]'],
    ['metadata', { events: [{ id: 'e', event: { type: 't' }, meta: { user: { who: '\ud800' } } }] }, 'events[0].meta.user.who'],
  ] as const)('refuses a lone surrogate in the %s', async (_what, overrides, path) => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const err = await refusal(() => guardProvider(provider).append(request(overrides as Partial<AppendRequest>)))
    expect(err.path).toBe(path)
    expect(calls.append ?? 0).toBe(0)
  })

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels (also 4,000), accepts ${MAX_JSON_DEPTH}`, async () => {
    const guarded = guardProvider(createMemoryProvider())
    for (const depth of [MAX_JSON_DEPTH + 1, 4000]) {
      const err = await refusal(() =>
        guarded.append(request({ events: [{ id: `deep-${depth}`, event: { type: 't', deep: nested(depth - 1) } as never }] })),
      )
      expect(err.message).toMatch(/nested more than 100 levels/)
    }
    const stored = await guarded.append(request({ events: [{ id: 'ok', event: { type: 't', deep: nested(MAX_JSON_DEPTH - 1) } as never }] }))
    expect(stored).toHaveLength(1)
  })

  it('refuses versions, limits and batch sizes out of range', async () => {
    const guarded = guardProvider(createMemoryProvider())
    expect((await refusal(() => guarded.append(request({ expectedVersion: 2 ** 31 })))).path).toBe('expectedVersion')
    expect((await refusal(() => guarded.append(request({ expectedVersion: MAX_VERSION })))).path).toBe('events')
    expect(
      (await refusal(() => guarded.readAggregate({ stream: 's', aggregateId: 'a', afterVersion: 2 ** 31, limit: 1 }))).path,
    ).toBe('afterVersion')
    expect((await refusal(() => guarded.readLog({ streams: ['s'], after: '0', limit: MAX_PAGE_SIZE + 1 }))).path).toBe('limit')
    const account = createAggregate({ stream: 'account', create: () => ({}), fold: () => ({}) })
    const { createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    expect(() => createHandler('h', ['account'], { batchSize: 1e12 })).toThrow(/options.batchSize/)
    expect(() => createMemoryProvider({ limit: 1e12 })).toThrow(/options.limit/)
  })

  it("refuses names over the provider's byte limits, naming the limit; a handler name when the handler is created", async () => {
    const memory = createMemoryProvider()
    const limited: Provider = { ...memory, name: 'limited', capabilities: { maxKeyBytes: { aggregateId: 8, bookmark: 6 } } }
    const guarded = guardProvider(limited)
    const err = await refusal(() => guarded.append(request({ aggregateId: 'é'.repeat(5) })))
    expect(err.path).toBe('aggregateId')
    expect(err.message).toMatch(/10 bytes long .* at most 8 bytes/)
    await expect(guarded.append(request({ aggregateId: 'é'.repeat(4) }))).resolves.toHaveLength(1)
    expect((await refusal(() => guarded.setBookmark('handler', '1'))).path).toBe('name')
    expect((await refusal(() => guarded.getBookmark('handler'))).path).toBe('name')
    const account = createAggregate({ stream: 'account', create: () => ({}), fold: () => ({}) })
    const { createHandler } = createDomain({ provider: limited }, { account })
    expect(() => createHandler('too-long', ['account'])).toThrow(/at most 6 bytes/)
    expect(() => createHandler('short', ['account'])).not.toThrow()
  })

  it('refuses a position the provider could never have produced, in readLog and setBookmark', async () => {
    const memory = createMemoryProvider()
    const { provider, calls } = countingProvider({ ...memory, acceptsPosition: (p: string) => p.length <= 3 })
    const guarded = guardProvider({ ...provider, acceptsPosition: (p: string) => p.length <= 3 })
    expect((await refusal(() => guarded.setBookmark('h', '1234'))).path).toBe('position')
    expect((await refusal(() => guarded.readLog({ streams: ['s'], after: '1234', limit: 1 }))).path).toBe('after')
    await guarded.setBookmark('h', '123')
    expect(calls.setBookmark).toBe(1)
  })
})
