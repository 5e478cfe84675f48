import type { SqlStatement } from '../toolkit/sql-statement.js'
import { pgAppendNotifier } from './pg-notifier.js'
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
    const notifier = pgAppendNotifier(run, tables)
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
    const notifier = pgAppendNotifier(run, tables)
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
    }, tables)
    notifier.appended('account')
    notifier.appended('account')
    expect(calls).toBe(2)
  })
})
