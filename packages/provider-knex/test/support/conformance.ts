import { runProviderConformance } from '@evtstore/conformance'
import { createProvider, migrate } from '../../src/index.js'
import { holdAppend } from './held-append.js'
import { openTestStore, type StoreKind, type TestStore } from './test-stores.js'

/**
 * Registers `@evtstore/conformance` for one setup, twice: with the default page limit and
 * with `limit: 1` (every read returns at most one event). One fresh database per file.
 */
/**
 * jsonb (payload and meta on Postgres, as docs/architecture.md describes) cannot hold U+0000: such an
 * append fails cleanly with a ProviderError (SQLSTATE 22P05) and stores nothing, which
 * errors.test.ts checks; every other control character round-trips. Same as provider-pg.
 */
const POSTGRES_KNOWN_FAILURES = ['round-trips control characters and NUL in strings']

export function registerConformance(kind: StoreKind): void {
  let store: TestStore | undefined
  const db = () => {
    if (store === undefined) throw new Error('the test store is not open')
    return store.db
  }
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 120_000)
  afterAll(() => store?.close(), 120_000)

  for (const limit of [undefined, 1]) {
    const suffix = limit === undefined ? '' : ', limit 1'
    runProviderConformance({
      name: `knex + ${kind}${suffix}`,
      skip: kind === 'postgres' ? POSTGRES_KNOWN_FAILURES : [],
      setup: () => migrate({ client: db(), events: 'events', bookmarks: 'bookmarks' }),
      migrate: () =>
        migrate({ events: () => db().table('events'), bookmarks: () => db().table('bookmarks') }),
      createProvider: () =>
        createProvider({
          limit,
          events: () => db().table('events'),
          bookmarks: () => db().table('bookmarks'),
        }),
      // SQLite allows one writer, so a later append cannot commit while one is held: its
      // single-writer proof is in ordering-sqlite.test.ts. Servers: hold on another connection.
      holdAppend:
        kind === 'postgres' || kind === 'mariadb'
          ? (_provider, request) => holdAppend(store!.connect(), request)
          : undefined,
      createProviderWithTableName: (table) =>
        createProvider({ client: db(), limit, events: table, bookmarks: 'bookmarks' }),
    })
  }
}
