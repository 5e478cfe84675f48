import { createDomain } from '@evtstore/core'
import { pushCounter as counter, waitUntil as waitFor } from '@evtstore/postgres-test-kit'
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

const listeners = async () =>
  (
    await t.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
    )
  ).rows

it('reopens a killed LISTEN connection, reports the loss and wakes the handler again', async () => {
  const { domain, createHandler } = createDomain({ provider: createProvider({ client: t.pool }) }, { counter })
  const failures: unknown[] = []
  const seen: string[] = []
  const handler = createHandler('push-reconnect', ['pushed'], { tailInterval: 30_000, hooks: { onFailure: (error) => void failures.push(error) } })
  handler.handle('pushed', 'added', (_id, _event, envelope) => void seen.push(envelope.id))
  try {
    handler.start()
    await waitFor(() => handler.status.push === 'listening', 10_000, 'the handler must listen')
    expect(await listeners()).toHaveLength(1)
    await t.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`)
    await waitFor(() => failures.length > 0, 5_000, 'the lost connection must be reported through onFailure')
    await waitFor(() => handler.status.push === 'listening', 10_000, 'the subscription must listen again')
    // Let the wake-up of the resume and its follow-up reads pass: only a notification can wake it now.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const [event] = await domain.counter.append('a-1', [{ type: 'added' }], { expectedVersion: 0 })
    await waitFor(() => seen.includes(event!.id), 2_000, 'after the reconnect, an append must wake the handler')
  } finally {
    await handler.stop()
  }
  expect(handler.status.push).toBe('off')
  // The LISTEN connection left with the handler (its backend may take a moment to go).
  const until = Date.now() + 5_000
  while ((await listeners()).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await listeners()).toHaveLength(0)
}, 60_000)
