import { createDomain, type Provider } from '@evtstore/core'
import { pushCounter, waitUntil } from './push-fixture.js'

/** Runs one SQL statement on its own connection of the test database and returns its rows. */
export type SqlRows = (text: string) => Promise<Array<Record<string, unknown>>>

const LISTENERS = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`

/**
 * The server kills the LISTEN connection of a running handler (`pg_terminate_backend`),
 * as a restart or a failover would: the loss must be reported through `onFailure`, the
 * subscription must listen again by itself, and then an append must wake the handler
 * (it polls every 30 s, so only a notification can); `stop()` must give the connection up.
 * For providers whose driver reports a lost LISTEN connection (pg, knex on pg).
 */
export async function listenKillScenario(provider: Provider, sql: SqlRows): Promise<void> {
  const { domain, createHandler } = createDomain({ provider }, { counter: pushCounter })
  const failures: unknown[] = []
  const seen: string[] = []
  const handler = createHandler('push-reconnect', ['pushed'], { tailInterval: 30_000, hooks: { onFailure: (error) => void failures.push(error) } })
  handler.handle('pushed', 'added', (_id, _event, envelope) => void seen.push(envelope.id))
  try {
    handler.start()
    await waitUntil(() => handler.status.push === 'listening', 10_000, 'the handler must listen')
    expect(await sql(LISTENERS)).toHaveLength(1)
    await sql(`SELECT pg_terminate_backend(pid) FROM (${LISTENERS}) AS listening`)
    await waitUntil(() => failures.length > 0, 5_000, 'the lost connection must be reported through onFailure')
    await waitUntil(() => handler.status.push === 'listening', 10_000, 'the subscription must listen again')
    // Let the wake-up of the resume and its follow-up reads pass: only a notification can wake it now.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const [event] = await domain.counter.append('a-1', [{ type: 'added' }], { expectedVersion: 0 })
    await waitUntil(() => seen.includes(event!.id), 2_000, 'after the reconnect, an append must wake the handler')
  } finally {
    await handler.stop()
  }
  expect(handler.status.push).toBe('off')
  // The LISTEN connection left with the handler (its backend may take a moment to go).
  const until = Date.now() + 5_000
  while ((await sql(LISTENERS)).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await sql(LISTENERS)).toHaveLength(0)
}
