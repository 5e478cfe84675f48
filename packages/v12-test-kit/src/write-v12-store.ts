/**
 * The part of the `evtstore@12` package the scenario uses, passed in by the writer script
 * (`require('evtstore')`): its TypeScript sources do not compile under this repository's
 * strict settings, so they are not imported here.
 */
export interface V12Api {
  createAggregate(options: { stream: string; create: () => object; fold: (ev: any, agg: any) => object }): unknown
  createDomain(options: { provider: unknown }, aggregates: Record<string, unknown>): { domain: any; createHandler: any }
  createCommands(aggregate: unknown, handlers: Record<string, (cmd: any, agg: any) => Promise<unknown>>): any
}

/** The part of an evtstore@12 provider the scenario reads back with. */
export interface V12ProviderLike {
  getEventsFor(
    stream: string,
    aggregateId: string,
  ): Promise<Array<{ version: unknown; position: unknown; timestamp: unknown; event: unknown }>>
}

/** One event as evtstore@12 stored it, read back through its own provider. */
export interface V12WrittenEvent {
  stream: string
  aggregateId: string
  version: number
  /** Milliseconds since 1970, as v12's provider returns the timestamp. */
  timestamp: number
  /** v12's position as its provider returns it, as text (equal texts: a tie in v12's order). */
  position: string
  event: { type: string; [key: string]: unknown }
}

/** A v12 handler that ran part-way: its name, streams and the events it had handled. */
export interface V12HandlerRun {
  name: string
  streams: string[]
  /** `stream/aggregateId/version` of every event it saw. */
  seen: string[]
}

/** What {@link writeV12Store} wrote, in the order it wrote it (v12's position order). */
export interface V12Written {
  events: V12WrittenEvent[]
  handlers: V12HandlerRun[]
}

type AccountEvent =
  | { type: 'opened'; owner: string; tags: string[] }
  | { type: 'deposited'; amount: number; note: { text: string; nested: { deep: boolean[] } } }
  | { type: 'withdrawn'; amount: number }
type UserEvent = { type: 'registered'; name: string } | { type: 'renamed'; name: string; previous: string | null }

/** `stream/aggregateId/version`: how the scenarios name one event. */
export const eventKey = (e: { stream: string; aggregateId: string; version: number }) =>
  `${e.stream}/${e.aggregateId}/${e.version}`

/**
 * Writes a store through the real evtstore@12 API — `createDomain`, `createCommands` (one
 * command appends two events), and two handlers run part-way so their bookmarks stand in
 * the middle of the log: `v12-accounts` on `account` after the first phase, `v12-all` on
 * both streams after the second. Then reads every aggregate back through v12's provider
 * for the timestamps as stored. `prefix` keeps aggregate ids apart between test files.
 * About 80 events with the default `scale` of 1.
 *
 * v12 handlers poll on timers that cannot be disposed: call this in a child process that
 * exits when done (see `runV12Writer`).
 */
export async function writeV12Store(v12: V12Api, provider: V12ProviderLike, prefix: string, scale = 1): Promise<V12Written> {
  const account = v12.createAggregate({
    stream: 'account',
    create: () => ({ balance: 0, owner: '' }),
    fold: (ev: AccountEvent, agg: { balance: number; owner: string }) => {
      if (ev.type === 'opened') return { owner: ev.owner }
      if (ev.type === 'deposited') return { balance: agg.balance + ev.amount }
      return { balance: agg.balance - ev.amount }
    },
  })
  const user = v12.createAggregate({
    stream: 'user',
    create: () => ({ name: '' }),
    fold: (ev: UserEvent) => ({ name: ev.name }),
  })
  const { domain, createHandler } = v12.createDomain({ provider }, { account, user })
  const accounts = v12.createCommands(domain.account, {
    async open(cmd: any) {
      return [
        { type: 'opened', owner: cmd.owner, tags: [] },
        { type: 'deposited', amount: 10, note: { text: 'welcome — 👋 "bonus"', nested: { deep: [true, false] } } },
      ]
    },
    async deposit(cmd: any) {
      return { type: 'deposited', amount: cmd.amount, note: { text: `d${cmd.amount}`, nested: { deep: [] } } }
    },
    async withdraw(cmd: any) {
      return { type: 'withdrawn', amount: cmd.amount }
    },
  })
  const users = v12.createCommands(domain.user, {
    async register(cmd: any) {
      return { type: 'registered', name: cmd.name }
    },
    async rename(cmd: any, agg: any) {
      return { type: 'renamed', name: cmd.name, previous: agg.name || null }
    },
  })

  const accountIds = Array.from({ length: 6 * scale }, (_, i) => `${prefix}-acc-${i}`)
  const userIds = Array.from({ length: 4 * scale }, (_, i) => `${prefix}-user-${i}`)
  const handlers: V12HandlerRun[] = []
  // The order of the appends, which is v12's position order: one writer, one at a time.
  const order: string[] = []
  const versions = new Map<string, number>()
  const appended = (stream: string, id: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const version = (versions.get(`${stream}/${id}`) ?? 0) + 1
      versions.set(`${stream}/${id}`, version)
      order.push(eventKey({ stream, aggregateId: id, version }))
    }
  }
  const runHandler = async (name: string, streams: Array<'account' | 'user'>) => {
    const run: V12HandlerRun = { name, streams, seen: [] }
    const handler = createHandler(name, streams)
    const types = { account: ['opened', 'deposited', 'withdrawn'], user: ['registered', 'renamed'] }
    for (const stream of streams) {
      for (const type of types[stream]) {
        handler.handle(stream as any, type as any, (id: string, _ev: unknown, meta: any) => {
          run.seen.push(eventKey({ stream: meta.stream, aggregateId: id, version: Number(meta.version) }))
        })
      }
    }
    await handler.runOnce()
    handler.stop()
    handlers.push(run)
  }

  // Phase 1: every account opened (two events each) and every user registered, interleaved.
  for (let i = 0; i < accountIds.length; i++) {
    await accounts.open(accountIds[i], { owner: `owner ${i} — ünïcødé` })
    appended('account', accountIds[i]!, 2)
    if (i < userIds.length) {
      await users.register(userIds[i], { name: `user ${i}` })
      appended('user', userIds[i]!, 1)
    }
  }
  await runHandler('v12-accounts', ['account'])
  // Phase 2: deposits and renames.
  for (let round = 0; round < 3; round++) {
    for (const [i, id] of accountIds.entries()) {
      await accounts.deposit(id, { amount: 5 * (i + 1) + round })
      appended('account', id, 1)
    }
    for (const id of userIds) {
      await users.rename(id, { name: `${id} r${round}` })
      appended('user', id, 1)
    }
  }
  await runHandler('v12-all', ['account', 'user'])
  // Phase 3: withdrawals after every bookmark.
  for (const id of accountIds) {
    await accounts.withdraw(id, { amount: 1 })
    appended('account', id, 1)
  }
  await users.rename(userIds[0], { name: 'last' })
  appended('user', userIds[0]!, 1)

  // Read back through v12's own provider: the timestamps as the database kept them.
  const events: V12WrittenEvent[] = []
  for (const [stream, ids] of [['account', accountIds], ['user', userIds]] as const) {
    for (const id of ids) {
      for (const ev of await provider.getEventsFor(stream, id)) {
        events.push({
          stream,
          aggregateId: id,
          version: Number(ev.version),
          timestamp: new Date(ev.timestamp as any).getTime(),
          position: String(ev.position),
          event: JSON.parse(JSON.stringify(ev.event)) as V12WrittenEvent['event'],
        })
      }
    }
  }
  const rank = new Map(order.map((key, index) => [key, index]))
  events.sort((a, b) => rank.get(eventKey(a))! - rank.get(eventKey(b))!)
  if (events.length !== order.length) throw new Error(`v12 gave back ${events.length} events, ${order.length} were appended`)
  return { events, handlers }
}
