import type { Knex } from 'knex'
import { describeSerializableAppends } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestStore } from './support/test-stores.js'

// knex + pg on a database whose sessions all start serializable transactions.

describeSerializableAppends(async () => {
  const store = await openTestStore('postgres')
  const { rows } = await store.db.raw('SELECT current_database() AS name')
  await store.db.raw(`ALTER DATABASE "${rows[0].name}" SET default_transaction_isolation = 'serializable'`)
  // New connections (a new knex instance) pick the database default up.
  const db = store.connect()
  const tables = (t: { events?: string; bookmarks?: string } = {}) => ({
    events: t.events ?? 'events',
    bookmarks: t.bookmarks ?? 'bookmarks',
  })
  return {
    query: async (text, values) => (await db.raw(text.replace(/\$\d+/g, '?'), (values ?? []) as Knex.RawBinding[])).rows,
    migrate: (t) => migrate({ client: db, ...tables(t) }),
    provider: (options = {}) => createProvider({ client: db, ...tables(options), limit: options.limit }),
    close: () => store.close(),
  }
})
