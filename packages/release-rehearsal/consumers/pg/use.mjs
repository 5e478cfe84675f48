// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-pg on Postgres.
import { createProvider, migrate } from '@evtstore/provider-pg'
import pg from 'pg'
import { runAccountFlow } from './account-flow.mjs'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
try {
  await migrate({ client: pool, events: 'events_esm', bookmarks: 'bookmarks_esm' })
  const provider = createProvider({ client: pool, events: 'events_esm', bookmarks: 'bookmarks_esm' })
  await runAccountFlow(provider, { providerPackage: '@evtstore/provider-pg', packages: ['pg'] })
} finally {
  await pool.end()
}
