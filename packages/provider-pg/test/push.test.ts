import { listenKillScenario } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'

// Push wake-ups through node-postgres: the LISTEN connection comes from the pool, is
// reopened after the server kills it, and is given up when the handler stops.

let t: PgTestDatabase
beforeAll(async () => {
  t = await openTestDatabase('pg_push', 5)
  await migrate({ client: t.pool })
}, 60_000)
afterAll(() => t.close())

it('reopens a killed LISTEN connection, reports the loss and wakes the handler again', async () => {
  await listenKillScenario(createProvider({ client: t.pool }), async (text) => (await t.pool.query(text)).rows)
}, 60_000)
