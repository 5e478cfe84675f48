// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-knex on a SQLite file.
const { createProvider, migrate } = require('@evtstore/provider-knex')
const knex = require('knex')
const { run, runAccountFlow } = require('./account-flow.cjs')

run(async () => {
  const db = knex({ client: 'better-sqlite3', connection: { filename: 'app-cjs.sqlite' }, useNullAsDefault: true })
  try {
    await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
    const provider = createProvider({ client: db, events: 'events', bookmarks: 'bookmarks' })
    await runAccountFlow(provider, { providerPackage: '@evtstore/provider-knex', packages: ['knex', 'better-sqlite3'] })
  } finally {
    await db.destroy()
  }
})
