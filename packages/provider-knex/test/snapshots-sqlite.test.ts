import { isProviderError, isValidationError } from '@evtstore/core'
import knexFactory from 'knex'
import { createProvider, migrate } from '../src/index.js'
import { caught } from './support/test-helpers.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// Where migrate() puts aggregate snapshots on SQLite, and what it refuses. The snapshot
// calls themselves are held by the conformance suite's snapshots group on every dialect.

let store: TestStore
beforeAll(async () => {
  store = await openTestStore('sqlite-memory')
})
afterAll(() => store.close())

const tables = async () =>
  ((await store.db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)) as Array<{ name: string }>).map(
    (row) => row.name,
  )

describe('SQLite snapshots table', () => {
  it('migrate creates <events>_snapshots keyed by (stream, aggregate_id), and can run again', async () => {
    await migrate({ client: store.db, events: 'orders', bookmarks: 'order_bookmarks' })
    await migrate({ client: store.db, events: 'orders', bookmarks: 'order_bookmarks' })
    expect(await tables()).toContain('orders_snapshots')
    const key = (await store.db.raw(`SELECT name, pk FROM pragma_table_info('orders_snapshots') WHERE pk > 0 ORDER BY pk`)) as Array<{
      name: string
    }>
    expect(key.map((column) => column.name)).toEqual(['stream', 'aggregate_id'])
    const provider = createProvider({ client: store.db, events: 'orders', bookmarks: 'order_bookmarks' })
    expect(provider.capabilities?.snapshots).toBe(true)
    await provider.writeSnapshot!({ stream: 'order', aggregateId: 'o-1', key: 'k', version: 2, state: { n: 1 } })
    const rows = (await store.db.raw('SELECT stream, aggregate_id, snapshot_key, version, state FROM orders_snapshots')) as unknown[]
    expect(rows.map((row) => ({ ...(row as object) }))).toEqual([
      { stream: 'order', aggregate_id: 'o-1', snapshot_key: 'k', version: 2, state: '{"n":1}' },
    ])
  })

  it('names the table of a 63-character events table like every derived name: cut, with a hash', async () => {
    const events = `e${'x'.repeat(62)}`
    await migrate({ client: store.db, events, bookmarks: 'long_bookmarks' })
    const found = (await tables()).filter((name) => name.startsWith('exxx') && name.endsWith('_snapshots'))
    expect(found).toHaveLength(1)
    expect(found[0]!.length).toBeLessThanOrEqual(63)
    const provider = createProvider({ client: store.db, events, bookmarks: 'long_bookmarks' })
    await provider.writeSnapshot!({ stream: 's', aggregateId: 'a', key: 'k', version: 1, state: {} })
    expect(await provider.readSnapshot!({ stream: 's', aggregateId: 'a' })).toEqual({ stream: 's', aggregateId: 'a', key: 'k', version: 1, state: {} })
  })

  it('fails migrate when a table of that name lacks the (stream, aggregate_id) key', async () => {
    await store.db.raw('CREATE TABLE keyless_snapshots (stream TEXT, aggregate_id TEXT, snapshot_key TEXT, version INTEGER, state TEXT)')
    const err = await caught(migrate({ client: store.db, events: 'keyless', bookmarks: 'keyless_bookmarks' }))
    expect(isProviderError(err)).toBe(true)
    expect((err as Error).message).toMatch(/ON CONFLICT/)
  })

  it('refuses a bookmarks table named like the snapshots table, before any I/O, on every dialect', async () => {
    const clients = [
      knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }),
      knexFactory({ client: 'pg' }),
      knexFactory({ client: 'mysql2' }),
    ]
    try {
      for (const db of clients) {
        const queries: string[] = []
        db.on('query', (q: { sql: string }) => queries.push(q.sql))
        for (const [events, bookmarks] of [
          ['events', 'events_snapshots'],
          ['app.orders', 'app.orders_snapshots'],
          ['orders', 'Orders_Snapshots'],
        ] as const) {
          expect(() => createProvider({ client: db, events, bookmarks })).toThrow(
            expect.objectContaining({ code: 'VALIDATION_FAILED', path: 'options.bookmarks', message: expect.stringMatching(/snapshots/) }),
          )
          const refused = await caught(migrate({ client: db, events, bookmarks }))
          expect(isValidationError(refused)).toBe(true)
        }
        // another schema's table of that name is another table
        expect(() => createProvider({ client: db, events: 'app.orders', bookmarks: 'orders_snapshots' })).not.toThrow()
        expect(queries).toEqual([])
      }
    } finally {
      for (const db of clients) await db.destroy()
    }
  })
})
