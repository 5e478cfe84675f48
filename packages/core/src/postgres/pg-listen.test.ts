import type { AppendListener } from '../provider.js'
import { pgAppendSubscriptions, type PgListenEvents } from './pg-listen.js'

/** A fake driver: each open connection's events, and whether the next opens fail. */
function fakeListen() {
  const open: Array<{ events: PgListenEvents; closed: boolean }> = []
  let failing = 0
  let opened = 0
  const listen = async (_channel: string, events: PgListenEvents) => {
    opened++
    if (failing > 0) {
      failing--
      throw new Error('connection refused')
    }
    const connection = { events, closed: false }
    open.push(connection)
    return {
      async close() {
        connection.closed = true
      },
    }
  }
  return { listen, open, failNext: (n: number) => (failing = n), opened: () => opened }
}

function recorder() {
  const calls: string[] = []
  const listener: AppendListener = {
    appended: (streams) => void calls.push(`appended ${streams?.join(',')}`),
    interrupted: (error) => void calls.push(`interrupted ${String((error as Error).message)}`),
    resumed: () => void calls.push('resumed'),
  }
  return { calls, listener }
}

const waitFor = async (check: () => boolean, ms = 2000) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

describe('pgAppendSubscriptions', () => {
  it('shares one connection among subscribers and closes it after the last', async () => {
    const fake = fakeListen()
    const subscribe = pgAppendSubscriptions('public_events_appends', fake.listen, { initialDelayMs: 1, maxDelayMs: 5 })
    const a = recorder()
    const b = recorder()
    const first = await subscribe(a.listener)
    const second = await subscribe(b.listener)
    expect(fake.opened()).toBe(1)
    fake.open[0]!.events.notify('account')
    expect(a.calls).toEqual(['appended account'])
    expect(b.calls).toEqual(['appended account'])
    await first.close()
    expect(fake.open[0]!.closed).toBe(false)
    await second.close()
    expect(fake.open[0]!.closed).toBe(true)
  })

  it('reports a lost connection, opens it again with backoff and reports the resume', async () => {
    const fake = fakeListen()
    const subscribe = pgAppendSubscriptions('public_events_appends', fake.listen, { initialDelayMs: 1, maxDelayMs: 5 })
    const a = recorder()
    const subscription = await subscribe(a.listener)
    fake.failNext(2)
    fake.open[0]!.events.lost(new Error('terminated'))
    expect(fake.open[0]!.closed).toBe(true)
    await waitFor(() => fake.open.length === 2)
    expect(a.calls).toEqual(['interrupted terminated', 'resumed'])
    expect(fake.opened()).toBe(4)
    // The lost connection's late notifications are ignored; the new one's arrive.
    fake.open[0]!.events.notify('stale')
    fake.open[1]!.events.notify('account')
    expect(a.calls.slice(2)).toEqual(['appended account'])
    await subscription.close()
    expect(fake.open[1]!.closed).toBe(true)
  })

  it('resolves after a failed first attempt, reports it and keeps trying', async () => {
    const fake = fakeListen()
    const subscribe = pgAppendSubscriptions('public_events_appends', fake.listen, { initialDelayMs: 1, maxDelayMs: 5 })
    fake.failNext(1)
    const a = recorder()
    const subscription = await subscribe(a.listener)
    expect(a.calls).toEqual(['interrupted connection refused'])
    await waitFor(() => a.calls.includes('resumed'))
    await subscription.close()
    expect(fake.open[0]!.closed).toBe(true)
  })

  it('stops retrying once the last subscriber closed', async () => {
    const fake = fakeListen()
    const subscribe = pgAppendSubscriptions('public_events_appends', fake.listen, { initialDelayMs: 20, maxDelayMs: 20 })
    fake.failNext(1_000)
    const subscription = await subscribe(recorder().listener)
    await subscription.close()
    const attempts = fake.opened()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.opened()).toBeLessThanOrEqual(attempts + 1)
  })
})
