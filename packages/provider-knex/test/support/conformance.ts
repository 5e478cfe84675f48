import { runProviderConformance } from '@evtstore/conformance'
import type { ProviderCapabilities } from '@evtstore/core'
import { PG_CAPABILITIES } from '@evtstore/core/postgres'
import { MYSQL_CAPABILITIES } from '../../src/mysql-dialect.js'
import { createProvider, migrate, type KnexTransaction } from '../../src/index.js'
import { holdAppend } from './held-append.js'
import { openTestStore, type StoreKind, type TestStore } from './test-stores.js'

/**
 * What each database holds, as its dialect declares it (so the suite runs the limit
 * tests): Postgres text and jsonb cannot hold U+0000 and btree entries are bounded;
 * MariaDB's key columns are VARBINARY(512)/(255); SQLite declares no limits. Every
 * dialect stores aggregate snapshots (`<events>_snapshots`), so the snapshots group runs on each.
 */
const CAPABILITIES: Record<StoreKind, ProviderCapabilities> = {
  // Postgres also pushes appends to running handlers (LISTEN/NOTIFY).
  // Every dialect runs transactional handlers (the bookmark saved in the batch's transaction).
  postgres: { ...PG_CAPABILITIES, push: true, snapshots: true, transactionalHandlers: true },
  mariadb: { ...MYSQL_CAPABILITIES, snapshots: true, transactionalHandlers: true },
  // SQLite keeps handler leases too (one table, one statement per call).
  'sqlite-file': { leases: true, snapshots: true, transactionalHandlers: true },
  'sqlite-wal': { leases: true, snapshots: true, transactionalHandlers: true },
  'sqlite-memory': { leases: true, snapshots: true, transactionalHandlers: true },
  'sqlite3-file': { leases: true, snapshots: true, transactionalHandlers: true },
  'sqlite3-memory': { leases: true, snapshots: true, transactionalHandlers: true },
}

/** The table of the rows the suite writes through handler transactions. */
const TX_ROWS = 'conformance_tx_rows'

/**
 * On SQLite knex keeps one connection, which a handler transaction holds: another owner
 * cannot take the lease while a batch is open, so the lease-theft test cannot be staged.
 */
const SQLITE_SKIPS = ['transactions: an exclusive handler that lost its lease commits nothing of the batch (the fenced bookmark write rolls it back)']

/**
 * Registers `@evtstore/conformance` for one setup, twice: with the default page limit and
 * with `limit: 1` (every read returns at most one event). One fresh database per file.
 */
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
      capabilities: CAPABILITIES[kind],
      setup: async () => {
        await migrate({ client: db(), events: 'events', bookmarks: 'bookmarks' })
        await db().raw(`CREATE TABLE IF NOT EXISTS ${TX_ROWS} (tx_key VARCHAR(200) NOT NULL PRIMARY KEY)`)
      },
      transactionalWrites: {
        write: async (tx, key) => void (await (tx as KnexTransaction)(TX_ROWS).insert({ tx_key: key })),
        exists: async (key) => (await db()(TX_ROWS).where({ tx_key: key }).first()) !== undefined,
      },
      ...(kind.startsWith('sqlite') ? { skip: SQLITE_SKIPS } : {}),
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
