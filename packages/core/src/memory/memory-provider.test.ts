import { DuplicateEventError, ValidationError, VersionConflictError } from '../errors.js'
import type { NewEvent } from '../envelope.js'
import { createMemoryProvider } from './memory-provider.js'

const ev = (id: string, event: Record<string, unknown> = { type: 'x' }): NewEvent => ({ id, event: event as NewEvent['event'] })
const all = { afterVersion: 0, limit: 1000 }

describe('createMemoryProvider', () => {
  it('appends several events atomically with contiguous versions and ascending positions', async () => {
    const p = createMemoryProvider()
    const stored = await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('1'), ev('2'), ev('3')] })
    expect(stored.map((e) => e.version)).toEqual([1, 2, 3])
    expect(stored.map((e) => e.position)).toEqual(['1', '2', '3'])
    expect(stored.every((e) => e.timestamp instanceof Date)).toBe(true)
  })

  it('refuses a stale expected version and stores nothing of that append', async () => {
    const p = createMemoryProvider()
    await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('1')] })
    await expect(p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('2'), ev('3')] })).rejects.toBeInstanceOf(
      VersionConflictError,
    )
    expect(await p.readAggregate({ stream: 's', aggregateId: 'a', ...all })).toHaveLength(1)
    expect(await p.readLog({ streams: ['s'], after: '0', limit: 10 })).toHaveLength(1)
  })

  it('refuses an append that would leave a version gap', async () => {
    const p = createMemoryProvider()
    const err = await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 2, events: [ev('1')] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VersionConflictError)
    expect((err as VersionConflictError).actualVersion).toBe(0)
    expect(await p.readAggregate({ stream: 's', aggregateId: 'a', ...all })).toEqual([])
  })

  it('refuses a duplicate event id, across aggregates and within one append, storing nothing', async () => {
    const p = createMemoryProvider()
    await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('dup')] })
    await expect(p.append({ stream: 's', aggregateId: 'b', expectedVersion: 0, events: [ev('new'), ev('dup')] })).rejects.toBeInstanceOf(
      DuplicateEventError,
    )
    await expect(p.append({ stream: 's', aggregateId: 'c', expectedVersion: 0, events: [ev('twice'), ev('twice')] })).rejects.toBeInstanceOf(
      DuplicateEventError,
    )
    expect(await p.readLog({ streams: ['s'], after: '0', limit: 10 })).toHaveLength(1)
  })

  it('round-trips payloads and metadata through JSON', async () => {
    const p = createMemoryProvider()
    const payload = { type: 'x', nested: { list: [1, 'two', null, { deep: true }], empty: [] }, text: 'ü🎉', n: -0.5 }
    const meta = { correlationId: 'c', user: { actor: 'ada' } }
    await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [{ id: '1', event: payload, meta }] })
    const [back] = await p.readAggregate({ stream: 's', aggregateId: 'a', ...all })
    expect(back!.event).toEqual(JSON.parse(JSON.stringify(payload)))
    expect(back!.event).not.toBe(payload)
    expect(back!.meta).toEqual(meta)
    // Reading twice gives independent copies.
    const [again] = await p.readAggregate({ stream: 's', aggregateId: 'a', ...all })
    ;(back!.event as { nested: { list: unknown[] } }).nested.list.push(9)
    expect(again!.event).toEqual(JSON.parse(JSON.stringify(payload)))
  })

  it('reads the log strictly after a position, for the requested streams, capped by its limit option', async () => {
    const p = createMemoryProvider({ limit: 2 })
    await p.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('1'), ev('2')] })
    await p.append({ stream: 't', aggregateId: 'a', expectedVersion: 0, events: [ev('3')] })
    await p.append({ stream: 's', aggregateId: 'b', expectedVersion: 0, events: [ev('4'), ev('5')] })
    const page = await p.readLog({ streams: ['s'], after: '1', limit: 100 })
    expect(page.map((e) => e.id)).toEqual(['2', '4'])
    expect((await p.readLog({ streams: ['s', 't'], after: '4', limit: 100 })).map((e) => e.id)).toEqual(['5'])
    expect(await p.readAggregate({ stream: 's', aggregateId: 'b', afterVersion: 0, limit: 100 })).toHaveLength(2)
    expect((await p.readAggregate({ stream: 's', aggregateId: 'b', afterVersion: 1, limit: 100 })).map((e) => e.version)).toEqual([2])
  })

  it('refuses a page limit that is not a positive integer', () => {
    expect(() => createMemoryProvider({ limit: 0 })).toThrow(ValidationError)
    expect(() => createMemoryProvider({ limit: 1.5 })).toThrow(ValidationError)
  })

  it('keeps bookmarks, zero when unknown', async () => {
    const p = createMemoryProvider()
    expect(await p.getBookmark('h')).toBe('0')
    await p.setBookmark('h', '12')
    expect(await p.getBookmark('h')).toBe('12')
  })
})
