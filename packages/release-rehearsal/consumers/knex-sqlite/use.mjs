// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-knex on a SQLite file.
import { createProvider, migrate } from '@evtstore/provider-knex'
import knex from 'knex'
import { runAccountFlow } from './account-flow.mjs'

const db = knex({ client: 'better-sqlite3', connection: { filename: 'app-esm.sqlite' }, useNullAsDefault: true })
try {
  await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
  const provider = createProvider({ client: db, events: 'events', bookmarks: 'bookmarks' })
  await runAccountFlow(provider, { providerPackage: '@evtstore/provider-knex', packages: ['knex', 'better-sqlite3'] })
} finally {
  await db.destroy()
}
