import { randomUUID } from 'node:crypto'
import {
  isDuplicateEventError,
  isProviderError,
  isValidationError,
  isVersionConflictError,
  type NewEvent,
  type Provider,
} from '@evtstore/core'
import { createProvider, migrate, type PgQueryable } from '../src/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'
import { waitForGate } from './support/wait-for-gate.js'

let t: PgTestDatabase
let provider: Provider

const ev = (type: string, extra: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  event: { type, ...extra } as never,
})
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  )

beforeAll(async () => {
  t = await openTestDatabase('provider_pg')
  await migrate({ client: t.pool })
  provider = createProvider({ client: t.pool })
})
afterAll(async () => {
  await t.close()
})

describe('migrate', () => {
  it('runs twice, also concurrently, and creates separate stores side by side', async () => {
    await Promise.all([migrate({ client: t.pool }), migrate({ client: t.pool })])
    await migrate({ client: t.pool, events: 'other.events', bookmarks: 'other.bookmarks' })
    await migrate({ client: t.pool, events: 'events2', bookmarks: 'bookmarks2' })
    const { rows } = await t.pool.query(
      `select conname from pg_constraint where conname like 'events%\\_key' order by conname`,
    )
    expect(rows.map((r: { conname: string }) => r.conname)).toEqual([
      'events2_event_id_key',
      'events2_version_key',
      'events_event_id_key',
      'events_event_id_key',
      'events_version_key',
      'events_version_key',
    ])
  })

  it('reports errors instead of swallowing them', async () => {
    await t.pool.query('create table wrong_shape (id int)')
    const err = await caught(migrate({ client: t.pool, events: 'wrong_shape' }))
    expect(isProviderError(err)).toBe(true)
    expect((err as Error & { cause: { code: string } }).cause.code).toBe('42703')
  })
})

describe('append and read', () => {
  it('stores a multi-event append atomically and reads it back', async () => {
    const id = randomUUID()
    const stored = await provider.append({
      stream: 'account',
      aggregateId: id,
      expectedVersion: 0,
      events: [ev('opened', { owner: 'ada' }), ev('deposited', { amount: 5 })],
    })
    expect(stored.map((e) => e.version)).toEqual([1, 2])
    expect(BigInt(stored[1]!.position)).toBeGreaterThan(BigInt(stored[0]!.position))
    const more = await provider.append({
      stream: 'account',
      aggregateId: id,
      expectedVersion: 2,
      events: [ev('withdrawn', { amount: 1 })],
    })
    const read = await provider.readAggregate({
      stream: 'account',
      aggregateId: id,
      afterVersion: 0,
      limit: 10,
    })
    expect(read).toEqual([...stored, ...more])
    expect(
      await provider.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 1, limit: 1 }),
    ).toEqual([stored[1]])
  })

  it('refuses a stale expected version and a gap, storing nothing', async () => {
    const id = randomUUID()
    await provider.append({ stream: 'account', aggregateId: id, expectedVersion: 0, events: [ev('opened')] })
    const stale = await caught(
      provider.append({ stream: 'account', aggregateId: id, expectedVersion: 0, events: [ev('a'), ev('b')] }),
    )
    expect(isVersionConflictError(stale)).toBe(true)
    expect(stale).toMatchObject({ expectedVersion: 0, actualVersion: 1 })
    const gap = await caught(
      provider.append({ stream: 'account', aggregateId: id, expectedVersion: 3, events: [ev('a')] }),
    )
    expect(gap).toMatchObject({ code: 'VERSION_CONFLICT', actualVersion: 1 })
    expect(
      await provider.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
    ).toHaveLength(1)
  })

  it('lets exactly one of many racing appends win', async () => {
    const id = randomUUID()
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        provider.append({
          stream: 'account',
          aggregateId: id,
          expectedVersion: 0,
          events: [ev('a'), ev('b')],
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(isVersionConflictError(r.reason)).toBe(true)
    expect(
      await provider.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
    ).toHaveLength(2)
  })

  it('tells a duplicate event id from a version conflict, by constraint', async () => {
    const first = ev('a')
    await provider.append({
      stream: 'account',
      aggregateId: randomUUID(),
      expectedVersion: 0,
      events: [first],
    })
    const id = randomUUID()
    const err = await caught(
      provider.append({ stream: 'account', aggregateId: id, expectedVersion: 0, events: [ev('b'), first] }),
    )
    expect(isDuplicateEventError(err)).toBe(true)
    expect((err as Error & { cause: { code: string; constraint: string } }).cause).toMatchObject({
      code: '23505',
      constraint: 'events_event_id_key',
    })
    expect(
      await provider.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
    ).toEqual([])
  })

  it('round-trips payloads and metadata as JSON', async () => {
    const payload = {
      type: 'x',
      text: 'zß水🎉',
      nested: { list: [1, 2.5, -3e-7, null, true, [], {}] },
      big: 1e21,
      quote: `'"; drop table events`,
    }
    const meta = { correlationId: 'c-1', user: { who: 'ada', tags: ['a'] } }
    const [stored] = await provider.append({
      stream: 's',
      aggregateId: randomUUID(),
      expectedVersion: 0,
      events: [{ id: randomUUID(), event: payload, meta }],
    })
    const [read] = await provider.readAggregate({
      stream: 's',
      aggregateId: stored!.aggregateId,
      afterVersion: 0,
      limit: 1,
    })
    expect(read).toEqual(stored)
    expect(read!.event).toEqual(payload)
    expect(read!.meta).toEqual(meta)
    expect(read!.timestamp).toBeInstanceOf(Date)
  })

  it('refuses U+0000 (jsonb cannot hold it) with a ProviderError, storing nothing; other control characters round-trip', async () => {
    const id = randomUUID()
    const err = await caught(
      provider.append({
        stream: 's',
        aggregateId: id,
        expectedVersion: 0,
        events: [ev('nul', { text: 'a\u0000b' })],
      }),
    )
    expect(isProviderError(err)).toBe(true)
    expect((err as Error & { cause: { code: string } }).cause.code).toBe('22P05')
    expect(await provider.readAggregate({ stream: 's', aggregateId: id, afterVersion: 0, limit: 1 })).toEqual(
      [],
    )
    const text = 'bell \u0007 escape \u001b delete \u007f tab \t'
    await provider.append({ stream: 's', aggregateId: id, expectedVersion: 0, events: [ev('ctl', { text })] })
    const [read] = await provider.readAggregate({ stream: 's', aggregateId: id, afterVersion: 0, limit: 1 })
    expect(read!.event).toEqual({ type: 'ctl', text })
  })

  it('reads the log by stream, strictly after a position, capped by the limit option', async () => {
    const capped = createProvider({ client: Promise.resolve(t.pool), limit: 2 })
    const stream = `log-${randomUUID()}`
    const other = `other-${randomUUID()}`
    for (let i = 0; i < 3; i++) {
      await capped.append({ stream, aggregateId: `a${i}`, expectedVersion: 0, events: [ev('a'), ev('b')] })
      await capped.append({ stream: other, aggregateId: `a${i}`, expectedVersion: 0, events: [ev('c')] })
    }
    await waitForGate(async (sql, values) => (await t.pool.query(sql, values)).rows, 'events')
    const seen: string[] = []
    let after = '0'
    for (;;) {
      const page = await capped.readLog({ streams: [stream], after, limit: 100 })
      if (page.length === 0) break
      expect(page.length).toBeLessThanOrEqual(2)
      for (const e of page) seen.push(`${e.aggregateId}:${e.version}`)
      after = page[page.length - 1]!.position
    }
    expect(seen).toEqual(['a0:1', 'a0:2', 'a1:1', 'a1:2', 'a2:1', 'a2:2'])
    const both = await provider.readLog({ streams: [stream, other], after: '0', limit: 100 })
    expect(both.map((e) => e.stream)).toEqual([
      stream,
      stream,
      other,
      stream,
      stream,
      other,
      stream,
      stream,
      other,
    ])
  })
})

describe('two stores in one database', () => {
  it('keeps a schema-qualified store apart from the default one', async () => {
    await migrate({ client: t.pool, events: 'tenant_b.events', bookmarks: 'tenant_b.bookmarks' })
    const other = createProvider({
      client: t.pool,
      events: 'tenant_b.events',
      bookmarks: 'tenant_b.bookmarks',
    })
    const id = randomUUID()
    await other.append({ stream: 'account', aggregateId: id, expectedVersion: 0, events: [ev('opened')] })
    await other.setBookmark('shared-name', '42')
    expect(
      await other.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
    ).toHaveLength(1)
    expect(
      await provider.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
    ).toEqual([])
    expect(await provider.getBookmark('shared-name')).toBe('0')
  })
})

describe('bookmarks', () => {
  it('reads an unknown bookmark as 0 and upserts concurrently', async () => {
    const name = `h-${randomUUID()}`
    expect(await provider.getBookmark(name)).toBe('0')
    await Promise.all(['5', '7', '9'].map((p) => provider.setBookmark(name, p)))
    expect(['5', '7', '9']).toContain(await provider.getBookmark(name))
    await provider.setBookmark(name, '12345678901234567890123')
    expect(await provider.getBookmark(name)).toBe('12345678901234567890123')
  })
})

describe('errors and validation', () => {
  it('wraps a missing table in a ProviderError with the driver error as cause', async () => {
    const missing = createProvider({ client: t.pool, events: 'nope', bookmarks: 'nope_b' })
    for (const call of [
      () => missing.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('a')] }),
      () => missing.readLog({ streams: ['s'], after: '0', limit: 1 }),
      () => missing.getBookmark('x'),
    ]) {
      const err = await caught(call())
      expect(isProviderError(err)).toBe(true)
      expect(isVersionConflictError(err)).toBe(false)
      expect((err as Error & { cause: { code: string } }).cause.code).toBe('42P01')
    }
  })

  it('wraps a lost connection in a ProviderError', async () => {
    const client = await t.connect()
    const lost = createProvider({ client })
    await client.end()
    const err = await caught(
      lost.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('a')] }),
    )
    expect(isProviderError(err)).toBe(true)
  })

  it('refuses unsafe table names and bad options before any I/O', async () => {
    const queries: string[] = []
    const spy: PgQueryable = {
      query: async ({ text }) => {
        queries.push(text)
        return { rows: [] }
      },
    }
    for (const name of ['events; drop table x', 'ev"ents', 'a.b.c', ' events', '']) {
      expect(() => createProvider({ client: spy, events: name })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      )
      const err = await caught(migrate({ client: spy, bookmarks: name }))
      expect(isValidationError(err)).toBe(true)
    }
    expect(() => createProvider({ client: spy, limit: 0 })).toThrow(/options.limit/)
    expect(() => createProvider({ client: {} as PgQueryable })).toThrow(/options.client/)
    expect(queries).toEqual([])
  })
})
