import { createDomain } from '@evtstore/core'
import { pushCounter as counter, waitUntil as waitFor } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'

// Push wake-ups through postgres.js: sql.listen() keeps its own connection and listens
// again by itself after the server kills it; the handler is woken again, and the
// connection's LISTEN ends when the handler stops.

let t: PostgresTestDatabase
beforeAll(async () => {
  t = await openTestDatabase('postgres_push', 5)
  await migrate({ sql: t.sql })
}, 60_000)
afterAll(() => t.close())

const LISTENERS = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN %' AND pid <> pg_backend_pid()`
const listeners = async () => [...(await t.sql.unsafe(LISTENERS))]
const killListeners = () => t.sql.unsafe(`SELECT pg_terminate_backend(pid) FROM (${LISTENERS}) AS l`)

it('listens again after the LISTEN connection was killed and wakes the handler again', async () => {
  const { domain, createHandler } = createDomain({ provider: createProvider({ sql: t.sql }) }, { counter })
  const seen: string[] = []
  const handler = createHandler('push-reconnect', ['pushed'], { tailInterval: 30_000 })
  handler.handle('pushed', 'added', (_id, _event, envelope) => void seen.push(envelope.id))
  try {
    handler.start()
    await waitFor(() => handler.status.push === 'listening', 10_000, 'the handler must listen')
    expect(await listeners()).toHaveLength(1)
    await killListeners()
    // postgres.js reports nothing until it listens again: wait for its new LISTEN.
    const until = Date.now() + 10_000
    await new Promise((resolve) => setTimeout(resolve, 200))
    while ((await listeners()).length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await listeners()).toHaveLength(1)
    // Let the wake-up of the resume and its follow-up reads pass: only a notification can wake it now.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const [event] = await domain.counter.append('a-1', [{ type: 'added' }], { expectedVersion: 0 })
    await waitFor(() => seen.includes(event!.id), 2_000, 'after the reconnect, an append must wake the handler')
  } finally {
    await handler.stop()
  }
  expect(handler.status.push).toBe('off')
}, 60_000)
