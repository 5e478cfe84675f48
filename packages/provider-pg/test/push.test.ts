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

it('leaves a pg.Client the caller passed with only its own error listeners once the handler stops', async () => {
  const client = await t.connect() // adds the caller's own 'error' listener
  const before = client.listenerCount('error')
  const { createDomain } = await import('@evtstore/core')
  const { pushCounter, waitUntil } = await import('@evtstore/postgres-test-kit')
  const { createHandler } = createDomain({ provider: createProvider({ client }) }, { counter: pushCounter })
  const failures: unknown[] = []
  const handler = createHandler('push-own-client', ['pushed'], { tailInterval: 30_000, hooks: { onFailure: (error) => void failures.push(error) } })
  try {
    handler.start()
    await waitUntil(() => handler.status.push === 'listening', 10_000, 'the handler must listen on the client')
    expect(client.listenerCount('error')).toBe(before + 1)
    // The client also runs the handler's reads, so its backend is found by its pid, not its last query.
    const pid = (client as unknown as { processID: number }).processID
    await t.pool.query({ text: 'SELECT pg_terminate_backend($1::integer)', values: [pid] })
    await waitUntil(() => failures.length > 0, 5_000, 'the lost connection must be reported')
  } finally {
    await handler.stop()
    await client.end().catch(() => undefined)
  }
  expect(client.listenerCount('error')).toBe(before)
}, 60_000)
