import knexFactory, { type Knex } from 'knex'
import { createProvider, migrate } from '../src/index.js'

/** A knex instance that records every query it is asked to run: there must be none. */
function recordingKnex(): { db: Knex; queries: string[] } {
  const queries: string[] = []
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  })
  db.on('query', (q: { sql: string }) => queries.push(q.sql))
  return { db, queries }
}

describe('options', () => {
  const bad = [
    'events; drop table x',
    'ev"ents',
    'ev`ents',
    '1events',
    'a.b.c',
    '',
    'events as e',
    'x'.repeat(64),
  ]

  test.each(bad)('table name %j is a ValidationError before any I/O', async (name) => {
    const { db, queries } = recordingKnex()
    try {
      expect(() => createProvider({ client: db, events: name, bookmarks: 'bookmarks' })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', path: 'options.events' }),
      )
      expect(() =>
        createProvider({ events: () => db.table(name), bookmarks: () => db.table('bookmarks') }),
      ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
      await expect(migrate({ client: db, events: 'events', bookmarks: name })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      })
      expect(queries).toEqual([])
    } finally {
      await db.destroy()
    }
  })

  test('the client and table names come from the query builders; schema-qualified names are accepted', async () => {
    const { db, queries } = recordingKnex()
    try {
      await db.raw(`ATTACH DATABASE ':memory:' AS app`)
      await migrate({
        events: () => db.withSchema('app').table('events'),
        bookmarks: () => db.table('app.bookmarks'),
      })
      await migrate({ client: db, events: 'app.events', bookmarks: 'app.bookmarks' })
      const provider = createProvider({
        events: () => db.withSchema('app').table('events'),
        bookmarks: () => db.table('app.bookmarks'),
      })
      expect(await provider.dialect()).toBe('sqlite')
      await provider.append({
        stream: 's',
        aggregateId: 'a',
        expectedVersion: 0,
        events: [{ id: 'e1', event: { type: 't' } }],
      })
      const [row] = await db.raw(`SELECT count(*) AS n FROM app.events`)
      expect(row).toEqual({ n: 1 })
      expect(queries.some((q) => q.includes('"app"."events"'))).toBe(true)
    } finally {
      await db.destroy()
    }
  })

  test('the client may be a promise; a rejected one is a ProviderError on first use', async () => {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    })
    try {
      await migrate({ client: Promise.resolve(db), events: 'events', bookmarks: 'bookmarks' })
      const provider = createProvider({
        client: Promise.resolve(db),
        events: 'events',
        bookmarks: 'bookmarks',
        limit: 1,
      })
      await provider.append({
        stream: 's',
        aggregateId: 'a',
        expectedVersion: 0,
        events: [
          { id: 'e1', event: { type: 't' } },
          { id: 'e2', event: { type: 't' } },
        ],
      })
      expect(await provider.readLog({ streams: ['s'], after: '0', limit: 10 })).toHaveLength(1)
      const broken = createProvider({
        client: Promise.reject(new Error('no db')),
        events: 'events',
        bookmarks: 'bookmarks',
      })
      await expect(broken.getBookmark('x')).rejects.toMatchObject({ code: 'PROVIDER_FAILURE' })
    } finally {
      await db.destroy()
    }
  })

  test('limit, a missing client and an unsupported dialect are refused', () => {
    const db = knexFactory({ client: 'pg' })
    expect(() => createProvider({ client: db, events: 'events', bookmarks: 'bookmarks', limit: 0 })).toThrow(
      expect.objectContaining({ path: 'options.limit' }),
    )
    expect(() => createProvider({ events: 'events', bookmarks: 'bookmarks' })).toThrow(
      expect.objectContaining({ path: 'options.client' }),
    )
    expect(() => createProvider({ client: db, events: 'events', bookmarks: 'events' })).toThrow(
      expect.objectContaining({ path: 'options.bookmarks' }),
    )
    // evtstore@12's onError, a misspelt key, and limit on migrate: refused before any I/O
    expect(() => createProvider({ client: db, onError: () => undefined } as never)).toThrow(
      expect.objectContaining({ path: 'options.onError', message: expect.stringMatching(/unknown option .*handler/) }),
    )
    expect(() => createProvider({ client: db, bookmark: 'b' } as never)).toThrow(expect.objectContaining({ path: 'options.bookmark' }))
    const refusedMigrate = migrate({ client: db, limit: 5 } as never)
    const mssql = knexFactory({ client: 'mssql' })
    return Promise.all([
      expect(refusedMigrate).rejects.toMatchObject({ path: 'options.limit', code: 'VALIDATION_FAILED' }),
      expect(createProvider({ client: mssql, events: 'events', bookmarks: 'bookmarks' }).dialect()).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      }),
    ])
  })
})
