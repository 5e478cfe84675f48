import { listenKillScenario } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// Push wake-ups through knex on Postgres: the LISTEN connection is one acquired from the
// knex pool, reopened after the server kills it, and released when the handler stops.

let store: TestStore
beforeAll(async () => {
  store = await openTestStore('postgres')
  await migrate({ client: store.db })
}, 60_000)
afterAll(() => store?.close())

it('reopens a killed LISTEN connection, reports the loss and wakes the handler again', async () => {
  const rows = async (text: string) => (await store.db.raw(text)).rows as Array<Record<string, unknown>>
  await listenKillScenario(createProvider({ client: store.db }), rows)
}, 60_000)
