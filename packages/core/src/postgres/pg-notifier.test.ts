import type { SqlStatement } from '../toolkit/sql-statement.js'
import { ValidationError } from '../errors.js'
import { pgAppendNotifier } from './pg-notifier.js'
import { createPgProvider } from './pg-provider.js'
import { pgTables } from './pg-tables.js'

const tables = pgTables({ events: 'events' })

/** A `run` that records each statement and answers only when told to. */
function heldRun() {
  const sent: SqlStatement[] = []
  const answers: Array<{ resolve: () => void; reject: (error: Error) => void }> = []
  const run = (statement: SqlStatement) => {
    sent.push(statement)
    return new Promise<readonly unknown[]>((resolve, reject) => answers.push({ resolve: () => resolve([]), reject }))
  }
  const settle = async (how: 'resolve' | 'reject' = 'resolve') => {
    const answer = answers.shift()!
    if (how === 'resolve') answer.resolve()
    else answer.reject(new Error('connection lost'))
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { run, sent, settle }
}

describe('pgAppendNotifier', () => {
  it('notifies the store channel with the stream as soon as an append is reported', () => {
    const { run, sent } = heldRun()
    pgAppendNotifier(run, tables).appended('account')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toBe(`SELECT pg_notify('${tables.channel}', $1::text)`)
    expect(sent[0]!.values).toEqual(['account'])
  })

  it('keeps one notification in flight and sends the appends made meanwhile in the next, after it returned', async () => {
    const { run, sent, settle } = heldRun()
    const notifier = pgAppendNotifier(run, tables, { interval: 0 })
    notifier.appended('account')
    notifier.appended('account')
    notifier.appended('order')
    notifier.appended('account')
    expect(sent).toHaveLength(1)
    await settle()
    expect(sent).toHaveLength(2)
    expect(sent[1]!.values).toEqual(['account', 'order'])
    expect(sent[1]!.text).toBe(`SELECT pg_notify('${tables.channel}', $1::text), pg_notify('${tables.channel}', $2::text)`)
    await settle()
    expect(sent).toHaveLength(2)
    notifier.appended('order')
    expect(sent).toHaveLength(3)
  })

  it('goes on notifying after a notification failed', async () => {
    const { run, sent, settle } = heldRun()
    const notifier = pgAppendNotifier(run, tables, { interval: 0 })
    notifier.appended('account')
    notifier.appended('order')
    await settle('reject')
    expect(sent.map((s) => s.values)).toEqual([['account'], ['order']])
    await settle()
    notifier.appended('account')
    expect(sent).toHaveLength(3)
  })

  it('goes on notifying after run threw synchronously', () => {
    let calls = 0
    const notifier = pgAppendNotifier(() => {
      calls++
      throw new Error('pool is closed')
    }, tables, { interval: 0 })
    notifier.appended('account')
    notifier.appended('account')
    expect(calls).toBe(2)
  })

  it('starts a notification no sooner than the interval after the previous one started, and then sends every append made meanwhile', async () => {
    const started: number[] = []
    const sent: SqlStatement[] = []
    const notifier = pgAppendNotifier(
      async (statement) => {
        started.push(performance.now())
        sent.push(statement)
        return []
      },
      tables,
      { interval: 40 },
    )
    const first = performance.now()
    notifier.appended('account')
    expect(sent).toHaveLength(1)
    // the first returns at once; the next appends wait for the interval, in one statement
    await new Promise((resolve) => setImmediate(resolve))
    notifier.appended('account')
    notifier.appended('order')
    expect(sent).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(sent.map((s) => s.values)).toEqual([['account'], ['account', 'order']])
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(39.9)
    expect(started[0]! - first).toBeLessThan(5)
    // a quiet spell longer than the interval: the next append is notified at once
    notifier.appended('order')
    expect(sent).toHaveLength(3)
  })

  it('refuses an interval that is not a whole number of milliseconds from 0 to a minute, naming the option', () => {
    const { run } = heldRun()
    for (const interval of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 60_001, '2' as unknown as number]) {
      expect(() => pgAppendNotifier(run, tables, { interval })).toThrow(ValidationError)
      expect(() => pgAppendNotifier(run, tables, { interval })).toThrow(/^options\.interval: must be an integer from 0 to 60000/)
    }
    expect(() => createPgProvider({ name: 'pg', tables, limit: 10, run, notifyInterval: -5 })).toThrow(/^notifyInterval: must be an integer from 0 to 60000/)
  })
})
