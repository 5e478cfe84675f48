import { countingProvider } from '../../test/fixtures.js'
import type { StoredEvent } from '../envelope.js'
import { ProviderError, ValidationError, VersionConflictError, isProviderError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { AppendRequest, Provider } from '../provider.js'
import { guardProvider } from './guard-provider.js'

const ok = (): AppendRequest => ({
  stream: 'account',
  aggregateId: 'a-1',
  expectedVersion: 0,
  events: [{ id: 'e-1', event: { type: 'opened', owner: 'ada' } }],
})

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('did not reject')
}

describe('guardProvider: requests', () => {
  const bad: [string, (r: any) => void, string][] = [
    ['empty stream', (r) => (r.stream = ''), 'stream'],
    ['numeric aggregate id', (r) => (r.aggregateId = 7), 'aggregateId'],
    ['negative expected version', (r) => (r.expectedVersion = -1), 'expectedVersion'],
    ['fractional expected version', (r) => (r.expectedVersion = 1.5), 'expectedVersion'],
    ['no events', (r) => (r.events = []), 'events'],
    ['event without id', (r) => (r.events[0].id = ''), 'events[0].id'],
    ['payload without type', (r) => (r.events[0].event = { owner: 'x' }), 'events[0].event.type'],
    ['payload with numeric type', (r) => (r.events[0].event = { type: 3 }), 'events[0].event.type'],
    ['payload an array', (r) => (r.events[0].event = [1]), 'events[0].event'],
    ['payload with BigInt', (r) => (r.events[0].event = { type: 'x', n: 1n }), 'events[0].event.n'],
    ['meta with a Date', (r) => (r.events[0].meta = { user: { at: new Date() } }), 'events[0].meta.user.at'],
    ['meta with unknown key', (r) => (r.events[0].meta = { actor: 'x' }), 'events[0].meta.actor'],
    ['meta correlationId not a string', (r) => (r.events[0].meta = { correlationId: 1 }), 'events[0].meta.correlationId'],
  ]
  it.each(bad)('rejects %s before calling the provider', async (_name, spoil, path) => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const request = ok()
    spoil(request)
    const err = await rejection(guardProvider(provider).append(request))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err.path).toBe(path)
    expect(calls.append).toBeUndefined()
  })

  it('validates reads, limits and bookmarks before calling the provider', async () => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const guarded = guardProvider(provider)
    const bad = [
      guarded.readAggregate({ stream: 'a', aggregateId: 'x', afterVersion: 0, limit: 0 }),
      guarded.readAggregate({ stream: 'a', aggregateId: '', afterVersion: 0, limit: 1 }),
      guarded.readLog({ streams: [], after: '0', limit: 1 }),
      guarded.readLog({ streams: ['a'], after: '01', limit: 1 }),
      guarded.readLog({ streams: ['a'], after: '0', limit: 2.5 }),
      guarded.getBookmark(''),
      guarded.setBookmark('h', '-1'),
    ]
    for (const promise of bad) expect(await rejection(promise)).toBeInstanceOf(ValidationError)
    expect(calls).toEqual({})
  })

  it('copies payloads: changing them after the call changes nothing stored', async () => {
    const inner = createMemoryProvider()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    // A provider that awaits before it serialises, like a database driver would.
    const slow: Provider = { ...inner, name: 'slow', append: async (r) => (await gate, inner.append(r)) }
    const payload = { type: 'tagged', tags: ['a'] }
    const pending = guardProvider(slow).append({ ...ok(), events: [{ id: 'e-1', event: payload }] })
    payload.tags.push('b')
    payload.type = 'changed'
    release()
    await pending
    const [stored] = await inner.readAggregate({ stream: 'account', aggregateId: 'a-1', afterVersion: 0, limit: 10 })
    expect(stored!.event).toEqual({ type: 'tagged', tags: ['a'] })
  })
})

describe('guardProvider: errors and results', () => {
  it('wraps foreign errors in ProviderError with the cause and operation', async () => {
    const { provider, fail } = countingProvider(createMemoryProvider())
    const cause = new Error('connection reset')
    fail.readLog = cause
    const err = await rejection(guardProvider(provider).readLog({ streams: ['a'], after: '0', limit: 5 }))
    expect(isProviderError(err)).toBe(true)
    expect(err.provider).toBe('counting')
    expect(err.operation).toBe('readLog')
    expect(err.cause).toBe(cause)
    expect(err.message).toContain('connection reset')
  })

  it('passes evtstore errors through unchanged', async () => {
    const guarded = guardProvider(createMemoryProvider())
    await guarded.append(ok())
    const err = await rejection(guarded.append({ ...ok(), events: [{ id: 'e-2', event: { type: 'x' } }] }))
    expect(err).toBeInstanceOf(VersionConflictError)
  })

  it('returns the same wrapper when guarded twice', () => {
    const guarded = guardProvider(createMemoryProvider())
    expect(guardProvider(guarded)).toBe(guarded)
  })

  function lying(patch: Partial<Provider>): Provider {
    return { ...createMemoryProvider(), name: 'liar', ...patch }
  }
  const envelope = (over: Partial<StoredEvent>): StoredEvent => ({
    stream: 'account',
    aggregateId: 'a-1',
    version: 1,
    position: '1',
    timestamp: new Date(),
    id: 'e-1',
    event: { type: 'opened' },
    ...over,
  })

  it('refuses results that break the contract', async () => {
    const cases: [Provider, (p: Provider) => Promise<unknown>, string][] = [
      [lying({ readLog: async () => [envelope({ position: '01' })] }), (p) => p.readLog({ streams: ['account'], after: '0', limit: 5 }), 'canonical'],
      [lying({ readLog: async () => [envelope({ position: 1 as any })] }), (p) => p.readLog({ streams: ['account'], after: '0', limit: 5 }), 'canonical'],
      [lying({ readLog: async () => [envelope({ position: '3' })] }), (p) => p.readLog({ streams: ['account'], after: '5', limit: 5 }), 'not after'],
      [lying({ readLog: async () => [envelope({}), envelope({})] }), (p) => p.readLog({ streams: ['account'], after: '0', limit: 1 }), 'limit'],
      [lying({ readLog: async () => [envelope({ stream: 'user' })] }), (p) => p.readLog({ streams: ['account'], after: '0', limit: 5 }), 'not requested'],
      [lying({ readAggregate: async () => [envelope({ version: 2 })] }), (p) => p.readAggregate({ stream: 'account', aggregateId: 'a-1', afterVersion: 0, limit: 5 }), 'expected 1'],
      [lying({ readAggregate: async () => [envelope({ timestamp: 'now' as any })] }), (p) => p.readAggregate({ stream: 'account', aggregateId: 'a-1', afterVersion: 0, limit: 5 }), 'timestamp'],
      [lying({ append: async () => [] }), (p) => p.append(ok()), '0 envelopes'],
      [lying({ getBookmark: async () => 5 as any }), (p) => p.getBookmark('h'), 'canonical'],
    ]
    for (const [provider, run, message] of cases) {
      const err = await rejection(run(guardProvider(provider)))
      expect(err).toBeInstanceOf(ProviderError)
      expect(err.message).toContain(message)
    }
  })
})
