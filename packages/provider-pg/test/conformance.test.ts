import { runProviderConformance } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-pg on a real server: once
// with the default page size and once with `limit: 1`, which makes every read a page of one.

let t: PgTestDatabase

beforeAll(async () => {
  t = await openTestDatabase('pg_conformance', 20)
  await migrate({ client: t.pool })
})
afterAll(async () => {
  await t.close()
})

// jsonb (the payload and meta columns, DESIGN §3) cannot hold U+0000: such an append
// fails cleanly with ProviderError (SQLSTATE 22P05) and stores nothing, which
// provider.test.ts checks. Every other control character round-trips.
const skip = ['round-trips control characters and NUL in strings']

for (const limit of [undefined, 1]) {
  runProviderConformance({
    name: limit === undefined ? 'pg' : `pg, limit: ${limit}`,
    createProvider: () => createProvider({ client: t.pool, limit }),
    migrate: () => migrate({ client: t.pool }),
    createProviderWithTableName: (events) => createProvider({ client: t.pool, events, limit }),
    timeout: 30_000,
    skip,
    // DESIGN §4 (a) inside the suite: BEGIN on a dedicated connection, append, COMMIT later.
    async holdAppend(_provider, request) {
      const client = await t.connect()
      await client.query('BEGIN')
      await createProvider({ client, limit }).append(request)
      return {
        async commit() {
          try {
            await client.query('COMMIT')
          } finally {
            await client.end()
          }
        },
      }
    },
  })
}
