// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-pg on Postgres.
const { createProvider, migrate } = require('@evtstore/provider-pg')
const pg = require('pg')
const { run, runAccountFlow } = require('./account-flow.cjs')

run(async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
  try {
    await migrate({ client: pool, events: 'events_cjs', bookmarks: 'bookmarks_cjs' })
    const provider = createProvider({ client: pool, events: 'events_cjs', bookmarks: 'bookmarks_cjs' })
    await runAccountFlow(provider, { providerPackage: '@evtstore/provider-pg', packages: ['pg'] })
  } finally {
    await pool.end()
  }
})
