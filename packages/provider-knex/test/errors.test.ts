import { randomUUID } from 'node:crypto'
import type { AppendRequest } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import { openStore } from '../src/create-provider.js'
import { openTestStore, type StoreKind, type TestStore } from './support/test-stores.js'

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err as Error & Record<string, any>,
  )

function request(aggregateId: string, ids: string[], expectedVersion = 0): AppendRequest {
  return {
    stream: 'err',
    aggregateId,
    expectedVersion,
    events: ids.map((id) => ({ id, event: { type: 't' } })),
  }
}

describe.each<StoreKind>(['sqlite-memory', 'sqlite3-memory', 'postgres', 'mariadb'])('errors on knex + %s', (kind) => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore(kind)
    await migrate({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  })
  afterAll(() => store?.close())
  const provider = () => createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })

  test('a reused event id is a DuplicateEventError, not a version conflict, and stores nothing', async () => {
    const id = randomUUID()
    await provider().append(request(randomUUID(), [id]))
    const other = randomUUID()
    const err = await caught(provider().append(request(other, [randomUUID(), id])))
    expect(err).toMatchObject({ code: 'DUPLICATE_EVENT', eventIds: [id] })
    expect(err?.cause).toBeDefined()
    const twice = randomUUID()
    expect(await caught(provider().append(request(other, [twice, twice])))).toMatchObject({
      code: 'DUPLICATE_EVENT',
      eventIds: [twice],
    })
    expect(
      await provider().readAggregate({ stream: 'err', aggregateId: other, afterVersion: 0, limit: 10 }),
    ).toEqual([])
  })

  test('a stale or too-high expected version is a VersionConflictError with the actual version', async () => {
    const id = randomUUID()
    await provider().append(request(id, [randomUUID(), randomUUID()]))
    expect(await caught(provider().append(request(id, [randomUUID()], 1)))).toMatchObject({
      code: 'VERSION_CONFLICT',
      actualVersion: 2,
    })
    expect(await caught(provider().append(request(id, [randomUUID()], 3)))).toMatchObject({
      code: 'VERSION_CONFLICT',
      actualVersion: 2,
    })
  })

  test("the database's own unique-violation errors are classified by constraint or key, not guessed", async () => {
    const dialect = await openStore({ client: store.db, events: 'events', bookmarks: 'bookmarks' }).dialect()
    const id = randomUUID()
    const [stored] = await provider().append(request(id, [randomUUID()]))
    // Provoke the real driver errors with direct inserts that clash on each unique key.
    const insert = (version: number, eventId: string) =>
      kind === 'postgres'
        ? store.db.raw(
            `INSERT INTO events (tx_id, stream, aggregate_id, version, event_id, payload) VALUES (pg_current_xact_id(), ?, ?, ?, ?, '{}')`,
            ['err', id, version, eventId],
          )
        : kind === 'mariadb'
          ? store.db.raw(
              `INSERT INTO events (position, stream, aggregate_id, version, event_id, payload) VALUES (?, ?, ?, ?, ?, '{}')`,
              [9_000_000 + Math.floor(Math.random() * 1_000_000), 'err', id, version, eventId],
            )
          : store.db.raw(
              `INSERT INTO events (stream, aggregate_id, version, event_id, payload) VALUES (?, ?, ?, ?, '{}')`,
              ['err', id, version, eventId],
            )
    const versionClash = await caught(insert(1, randomUUID()))
    const idClash = await caught(insert(2, stored!.id))
    const req = request(id, [randomUUID()])
    expect(dialect.appendError(versionClash, req)).toMatchObject({
      code: 'VERSION_CONFLICT',
      cause: versionClash,
    })
    expect(dialect.appendError(idClash, req)).toMatchObject({ code: 'DUPLICATE_EVENT', cause: idClash })
    const bookmarkClash = await caught(
      store.db.raw(`INSERT INTO bookmarks (name, position) VALUES ('b', 1), ('b', 2)`),
    )
    expect(bookmarkClash).toBeDefined()
    expect(dialect.appendError(bookmarkClash, req)).toMatchObject({
      code: 'PROVIDER_FAILURE',
      cause: bookmarkClash,
    })
    if (kind.startsWith('sqlite')) {
      // node-sqlite3 gives CHECK failures the code of unique violations (SQLITE_CONSTRAINT).
      const checkFailure = await caught(insert(0, randomUUID()))
      expect(String(checkFailure?.message)).toMatch(/CHECK constraint failed/)
      expect(dialect.appendError(checkFailure, req)).toMatchObject({ code: 'PROVIDER_FAILURE', cause: checkFailure })
    }
  })

  test('a missing table is a ProviderError with the driver error as cause', async () => {
    const missing = createProvider({
      client: store.db,
      events: 'no_such_events',
      bookmarks: 'no_such_bookmarks',
    })
    for (const err of [
      await caught(missing.append(request(randomUUID(), [randomUUID()]))),
      await caught(missing.readLog({ streams: ['err'], after: '0', limit: 1 })),
      await caught(missing.getBookmark('x')),
    ]) {
      expect(err).toMatchObject({ code: 'PROVIDER_FAILURE' })
      expect(err?.cause).toMatchObject({ message: expect.any(String) })
      // The message is the driver's, without knex's copy of the SQL and its values.
      expect(err?.message).not.toMatch(/SELECT|INSERT|UPDATE/)
    }
  })

  if (kind === 'postgres') {
    test('U+0000, which jsonb cannot hold, is refused with a ValidationError before any I/O and stores nothing', async () => {
      const id = randomUUID()
      const err = await caught(
        provider().append({
          stream: 'err',
          aggregateId: id,
          expectedVersion: 0,
          events: [{ id: randomUUID(), event: { type: 'nul', text: 'a\u0000b' } }],
        }),
      )
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', path: 'events[0].event["text"]' })
      expect(err?.message).toMatch(/U\+0000/)
      expect(
        await provider().readAggregate({ stream: 'err', aggregateId: id, afterVersion: 0, limit: 1 }),
      ).toEqual([])
    })
  }
})

test('a destroyed knex instance gives a ProviderError, not a hang', async () => {
  const store = await openTestStore('sqlite-memory')
  await migrate({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  const provider = createProvider({ client: store.db, events: 'events', bookmarks: 'bookmarks' })
  await store.close()
  expect(await caught(provider.getBookmark('x'))).toMatchObject({ code: 'PROVIDER_FAILURE' })
})
