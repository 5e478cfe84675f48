import { randomUUID } from 'node:crypto'
import type { SqlStatement } from '../toolkit/sql-statement.js'
import { createPgProvider, type PgNotifyMode } from './pg-provider.js'
import { pgTables } from './pg-tables.js'

const tables = pgTables({ events: 'events' })

/** A `run` that answers an append statement as Postgres would and records every statement. */
function recordingRun() {
  const sent: SqlStatement[] = []
  const run = async (statement: SqlStatement): Promise<readonly unknown[]> => {
    sent.push(statement)
    if (statement.text.startsWith('INSERT')) return [{ position: '1', tx_id: '700', version: 1, timestamp: 1_700_000_000_000 }]
    return []
  }
  return { run, sent }
}

const append = (provider: ReturnType<typeof createPgProvider>) =>
  provider.append({ stream: 'account', aggregateId: randomUUID(), expectedVersion: 0, events: [{ id: randomUUID(), event: { type: 'opened' } }] })

describe('createPgProvider: where an append notifies', () => {
  it("notifies inside the append statement by default ('in-append')", async () => {
    const { run, sent } = recordingRun()
    await append(createPgProvider({ name: 'test', tables, limit: 100, run }))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toContain('pg_notify')
  })

  it("with 'after-append', an append with no other in flight still notifies itself", async () => {
    const { run, sent } = recordingRun()
    const provider = createPgProvider({ name: 'test', tables, limit: 100, run, notify: 'after-append' })
    await append(provider)
    await append(provider)
    expect(sent).toHaveLength(2)
    expect(sent.every((s) => s.text.startsWith('INSERT') && s.text.includes('pg_notify'))).toBe(true)
  })

  it("with 'after-append', an append that starts while another is in flight sends the notification after it", async () => {
    const { run, sent } = recordingRun()
    const provider = createPgProvider({ name: 'test', tables, limit: 100, run, notify: 'after-append' })
    await Promise.all([append(provider), append(provider)])
    const inserts = sent.filter((s) => s.text.startsWith('INSERT'))
    expect(inserts.map((s) => s.text.includes('pg_notify'))).toEqual([true, false])
    const notifications = sent.filter((s) => s.text.startsWith('SELECT'))
    expect(notifications).toHaveLength(1)
    expect(notifications[0]!.text).toContain('pg_notify')
    expect(notifications[0]!.values).toEqual(['account'])
    expect(sent.indexOf(notifications[0]!)).toBeGreaterThan(sent.indexOf(inserts[1]!))
  })

  it('asks a notify function once, and again on the next append after it failed', async () => {
    const { run, sent } = recordingRun()
    const answers: Array<() => Promise<PgNotifyMode>> = [
      () => Promise.reject(new Error('client not ready')),
      () => Promise.resolve('after-append'),
    ]
    let asked = 0
    const provider = createPgProvider({ name: 'test', tables, limit: 100, run, notify: () => answers[asked++]!() })
    await expect(append(provider)).rejects.toThrow(/client not ready/)
    expect(sent.some((s) => s.text.startsWith('INSERT'))).toBe(false)
    await append(provider)
    await Promise.all([append(provider), append(provider)])
    expect(asked).toBe(2)
    // The answer holds: of the two appends side by side, the second notifies after it.
    expect(sent.filter((s) => s.text.startsWith('SELECT pg_notify'))).toHaveLength(1)
  })
})
