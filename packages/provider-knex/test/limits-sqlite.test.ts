import { randomUUID } from 'node:crypto'
import { guardProvider, isValidationError, type NewEvent } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import { caught } from './support/test-helpers.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// SQLite binds at most 32,766 values per statement; an append binds 6 per event, so one
// statement could hold 5,460 events. Core allows 10,000: larger appends are split into
// statements inside one transaction.

const events = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_e, n) => ({ id: randomUUID(), event: { type: 'counted', n } }))

describe.each(['sqlite-file', 'sqlite3-file'] as const)('knex + SQLite limits (%s)', (kind) => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore(kind)
    await migrate({ client: store.db })
  })
  afterAll(() => store?.close())

  it('stores an append of 10,000 events (more than one statement can bind) atomically, in version order', async () => {
    const provider = guardProvider(createProvider({ client: store.db }))
    const aggregateId = randomUUID()
    const stored = await provider.append({ stream: 'big', aggregateId, expectedVersion: 0, events: events(10_000) })
    expect(stored).toHaveLength(10_000)
    expect(stored[9_999]!.version).toBe(10_000)
    const [row] = await store.db.raw('SELECT count(*) AS n, max(version) AS v FROM events WHERE aggregate_id = ?', [aggregateId])
    expect(row).toEqual({ n: 10_000, v: 10_000 })
  })

  it('stores none of a large append whose last statement fails (a reused id in the last chunk)', async () => {
    const provider = guardProvider(createProvider({ client: store.db }))
    const aggregateId = randomUUID()
    const [taken] = await provider.append({ stream: 'big', aggregateId: randomUUID(), expectedVersion: 0, events: events(1) })
    const batch = events(6_000)
    batch[5_999] = { id: taken!.id, event: { type: 'counted', n: -1 } }
    const err = await caught(provider.append({ stream: 'big', aggregateId, expectedVersion: 0, events: batch }))
    expect(err).toMatchObject({ code: 'DUPLICATE_EVENT', eventIds: [taken!.id] })
    const [row] = await store.db.raw('SELECT count(*) AS n FROM events WHERE aggregate_id = ?', [aggregateId])
    expect(row).toEqual({ n: 0 })
  })

  it('refuses a position SQLite could never have produced, and stores nothing', async () => {
    const provider = guardProvider(createProvider({ client: store.db }))
    const err = await caught(provider.setBookmark('too-far', '1234567890123456789012345'))
    expect(isValidationError(err)).toBe(true)
    expect(await provider.getBookmark('too-far')).toBe('0')
    await provider.setBookmark('largest', '9223372036854775807')
    expect(await provider.getBookmark('largest')).toBe('9223372036854775807')
    expect(isValidationError(await caught(provider.readLog({ streams: ['big'], after: '9223372036854775808', limit: 1 })))).toBe(true)
  })

  // Both drivers hand 64-bit integers to JavaScript as numbers (exact only up to 2^53):
  // positions are selected as text, so they come back as stored. Runs last: it moves the
  // file's AUTOINCREMENT past 2^53.
  it('keeps positions beyond 2^53 exact, in appends, reads and bookmarks', async () => {
    const provider = guardProvider(createProvider({ client: store.db }))
    const stream = `beyond-${randomUUID().slice(0, 8)}`
    await store.db.raw(
      `INSERT INTO events (position, stream, aggregate_id, version, event_id, payload) VALUES (9007199254740993, ?, ?, 1, ?, '{"type":"counted","n":0}')`,
      [stream, 'seeded', randomUUID()],
    )
    const [appended] = await provider.append({ stream, aggregateId: randomUUID(), expectedVersion: 0, events: events(1) })
    expect(appended!.position).toBe('9007199254740994')
    const read = await provider.readLog({ streams: [stream], after: '9007199254740992', limit: 10 })
    expect(read.map((e) => e.position)).toEqual(['9007199254740993', '9007199254740994'])
    expect((await provider.readLog({ streams: [stream], after: '9007199254740993', limit: 10 })).map((e) => e.position)).toEqual([
      '9007199254740994',
    ])
    await provider.setBookmark('beyond', '9007199254740993')
    expect(await provider.getBookmark('beyond')).toBe('9007199254740993')
  })
})
