import { isValidationError, type AppendRequest } from '@evtstore/core'
import { caught, ev } from './support/test-helpers.js'
import knexFactory, { type Knex } from 'knex'
import { createProvider, migrate } from '../src/index.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// MariaDB outside strict sql_mode cuts long VARBINARY values silently: two different long
// aggregate ids would become one aggregate. The provider refuses them before any I/O.

let store: TestStore
let loose: Knex

beforeAll(async () => {
  store = await openTestStore('mariadb')
  loose = knexFactory({
    client: 'mysql2',
    connection: store.url,
    pool: {
      min: 0,
      max: 4,
      afterCreate: (
        conn: { query(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) => conn.query("SET SESSION sql_mode = ''", (err) => done(err, conn)),
    },
  })
  await migrate({ client: loose, events: 'events', bookmarks: 'bookmarks' })
}, 120_000)

afterAll(async () => {
  await loose.destroy()
  await store.close()
})

describe('MariaDB byte limits (non-strict sql_mode)', () => {
  const provider = () => createProvider({ client: loose, events: 'events', bookmarks: 'bookmarks' })

  it('refuses over-long stream, aggregate and event ids with a ValidationError, storing nothing', async () => {
    const [[mode]] = await loose.raw('SELECT @@SESSION.sql_mode AS mode')
    expect(mode.mode).toBe('')
    const long = 'x'.repeat(600)
    for (const [request, path] of [
      [{ stream: 's', aggregateId: `${long}-1`, expectedVersion: 0, events: [ev('a')] }, 'aggregateId'],
      [{ stream: `${long}-1`, aggregateId: 'a', expectedVersion: 0, events: [ev('a')] }, 'stream'],
      [
        { stream: 's', aggregateId: 'a', expectedVersion: 0, events: [{ id: 'e'.repeat(256), event: { type: 't' } }] },
        'events[0].id',
      ],
    ] as Array<[AppendRequest, string]>) {
      const err = await caught(provider().append(request))
      expect(isValidationError(err)).toBe(true)
      expect((err as Error & { path: string }).path).toBe(path)
    }
    const [[row]] = await loose.raw('SELECT count(*) AS n FROM events')
    expect(Number(row.n)).toBe(0)
  })

  it('counts UTF-8 bytes: 512 bytes fit exactly, 514 do not; long bookmark names are refused', async () => {
    const fits = 'é'.repeat(256)
    await provider().append({ stream: 's', aggregateId: fits, expectedVersion: 0, events: [ev('a')] })
    const stored = await provider().readAggregate({ stream: 's', aggregateId: fits, afterVersion: 0, limit: 5 })
    expect(stored.map((e) => e.aggregateId)).toEqual([fits])
    const err = await caught(
      provider().append({ stream: 's', aggregateId: `${fits}é`, expectedVersion: 0, events: [ev('b')] }),
    )
    expect(isValidationError(err)).toBe(true)
    const bookmark = await caught(provider().setBookmark('b'.repeat(513), '1'))
    expect(isValidationError(bookmark)).toBe(true)
  })

  it('refuses snapshots of over-long names before any I/O, also through a promised client; 512 bytes fit', async () => {
    const long = 'x'.repeat(513)
    for (const make of [provider, () => createProvider({ client: Promise.resolve(loose), events: 'events', bookmarks: 'bookmarks' })]) {
      for (const [names, path] of [
        [{ stream: 's', aggregateId: long }, 'aggregateId'],
        [{ stream: long, aggregateId: 'a' }, 'stream'],
      ] as const) {
        const err = await caught(make().writeSnapshot!({ ...names, key: 'k', version: 1, state: {} }))
        expect(isValidationError(err)).toBe(true)
        expect((err as Error & { path: string }).path).toBe(path)
      }
    }
    const [[row]] = await loose.raw('SELECT count(*) AS n FROM events_snapshots')
    expect(Number(row.n)).toBe(0)
    const fits = { stream: 'é'.repeat(256), aggregateId: 'ü'.repeat(256), key: 'ключ ✓', version: 3, state: { n: 1 } }
    await provider().writeSnapshot!(fits)
    expect(await provider().readSnapshot!({ stream: fits.stream, aggregateId: fits.aggregateId })).toEqual(fits)
  })
})
