import { runProviderConformance } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'

// The published conformance suite against @evtstore/provider-postgres on a real server:
// once with the default page size and once with `limit: 1`.

let t: PostgresTestDatabase

beforeAll(async () => {
  t = await openTestDatabase('postgres_conformance', 20)
  await migrate({ sql: t.sql })
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
    name: limit === undefined ? 'postgres.js' : `postgres.js, limit: ${limit}`,
    createProvider: () => createProvider({ sql: t.sql, limit }),
    migrate: () => migrate({ sql: t.sql }),
    createProviderWithTableName: (events) => createProvider({ sql: t.sql, events, limit }),
    timeout: 30_000,
    skip,
    // DESIGN §4 (a) inside the suite: BEGIN on a dedicated connection, append, COMMIT later.
    async holdAppend(_provider, request) {
      const sql = t.connect()
      await sql.unsafe('BEGIN')
      await createProvider({ sql, limit }).append(request)
      return {
        async commit() {
          try {
            await sql.unsafe('COMMIT')
          } finally {
            await sql.end()
          }
        },
      }
    },
  })
}
