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

  it("with 'after-append', appends without notifying and then sends the notification", async () => {
    const { run, sent } = recordingRun()
    await append(createPgProvider({ name: 'test', tables, limit: 100, run, notify: 'after-append' }))
    expect(sent.map((s) => s.text.split(' ')[0])).toEqual(['INSERT', 'SELECT'])
    expect(sent[0]!.text).not.toContain('pg_notify')
    expect(sent[1]!.text).toContain('pg_notify')
    expect(sent[1]!.values).toEqual(['account'])
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
    await append(provider)
    expect(asked).toBe(2)
    expect(sent.filter((s) => s.text.startsWith('INSERT')).every((s) => !s.text.includes('pg_notify'))).toBe(true)
  })
})
