// What the cost scripts (pg-client-cost.mjs, pg-notify-cost.mjs, knex-cost.mjs) share
// before they measure: their sizes, read from the environment, and the Postgres database
// they measure on.
import { createTestDatabase, startDatabase } from '@evtstore/test-databases'

/**
 * ROUNDS (default 5) interleaved rounds; SCALE (default 1) multiplies each round's appends:
 * `oneWriter` for 1 writer and `perWriter` for each of 16. Resolves to { rounds, cases }.
 */
export function costSizes(oneWriter, perWriter) {
  const scale = Number(process.env.SCALE ?? 1)
  return {
    rounds: Number(process.env.ROUNDS ?? 5),
    cases: [
      { writers: 1, appends: Math.round(oneWriter * scale) },
      { writers: 16, appends: Math.round(perWriter * scale) },
    ],
  }
}

/**
 * The database at EVTSTORE_POSTGRES_URL, or a new database `name` on the test server this
 * starts (@evtstore/test-databases). Resolves to { url, close() }; close drops and stops
 * what this made, nothing else.
 */
export async function costDatabase(name) {
  const given = process.env.EVTSTORE_POSTGRES_URL
  if (given) return { url: given, close: async () => undefined }
  const server = await startDatabase('postgres')
  const store = await createTestDatabase('postgres', server.url, name)
  return {
    url: store.url,
    async close() {
      await store.drop()
      await server.stop()
    },
  }
}
