// The "before" snippets of docs/migrating-from-evtstore-12.md: evtstore@12 code as a user
// wrote it, compiled against the real evtstore@12.0.1 (`pnpm --filter @evtstore/bench
// typecheck`). Each region is shown verbatim (dedented) in the guide; check-guide.mjs
// keeps the two in step.
import {
  CommandError,
  MemoryBookmark,
  VersionError,
  createAggregate,
  createCommands,
  createDomain,
  createHandler,
} from 'evtstore'
import * as memory from 'evtstore/provider/memory'
import * as pgProvider from 'evtstore/provider/pg'
import * as postgresProvider from 'evtstore/provider/postgres'
import * as knexProvider from 'evtstore/provider/knex'
import * as mongoProvider from 'evtstore/provider/mongo'
import * as neo4jProvider from 'evtstore/provider/neo4j'
import * as neo4jV3Provider from 'evtstore/provider/neo4j-v3'
import type { Knex } from 'knex'
import type { Collection } from 'mongodb'
import type { Driver } from 'neo4j-driver'
import type { Sql } from 'postgres'

export type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }
export type Account = { owner: string; balance: number }
type AccountCommand = { type: 'open'; owner: string } | { type: 'deposit'; amount: number }
declare function sendMail(to: string, text: string): Promise<void>

export async function aggregateAndDomain() {
  // #region aggregate
  const account = createAggregate<AccountEvent, Account, 'account'>({
    stream: 'account',
    create: () => ({ owner: '', balance: 0 }),
    fold: (ev, agg) => (ev.type === 'opened' ? { owner: ev.owner } : { balance: agg.balance + ev.amount }),
    persistAggregate: true,
    version: '1',
  })
  const { domain, createHandler } = createDomain({ provider: memory.createProvider(), useCache: true }, { account })
  const acc = await domain.account.getAggregate('a-1') // { owner, balance, aggregateId, version }
  // #endregion aggregate
  return { domain, createHandler, acc }
}

export async function commands(domain: Awaited<ReturnType<typeof aggregateAndDomain>>['domain']) {
  // #region commands
  const cmd = createCommands<AccountEvent, Account, AccountCommand>(domain.account, {
    async open(cmd, agg) {
      if (agg.version > 0) throw new CommandError('already open')
      return { type: 'opened', owner: `${cmd.owner} (${cmd.aggregateId})` }
    },
    async deposit(cmd) {
      return { type: 'deposited', amount: cmd.amount }
    },
  })
  try {
    await cmd.open('a-1', { owner: 'ada' })
  } catch (err) {
    if (err instanceof VersionError) console.log('lost a race')
  }
  // #endregion commands
}

export async function handlers(
  { domain, createHandler: domainHandler }: Awaited<ReturnType<typeof aggregateAndDomain>>,
  provider: ReturnType<typeof memory.createProvider>,
) {
  // #region handler
  const mailer = domainHandler('mailer', ['account'], { tailStream: true, continueOnError: true })
  mailer.handle('account', 'opened', async (id, ev, meta) => {
    await sendMail(ev.owner, `account ${id} opened at ${meta.position}`)
  })
  const handled: number = await mailer.runOnce()
  mailer.start()
  mailer.stop()
  // #endregion handler

  // #region standalone-handler
  const audit = createHandler<{ account: AccountEvent }>({ bookmark: 'audit', streams: ['account'], provider })
  audit.handleStream('account', {
    opened: async (id, ev) => console.log(id, ev.owner),
    deposited: async (id, ev) => console.log(id, ev.amount),
  })
  const live = domainHandler(MemoryBookmark, ['account'], { alwaysTailStream: true })
  // #endregion standalone-handler
  return { domain, handled, live }
}

export function seeded() {
  // #region memory
  const provider = memory.createProvider<AccountEvent>([
    { stream: 'account', aggregateId: 'a-1', version: 1, position: 1, timestamp: new Date(), event: { type: 'opened', owner: 'ada' } },
  ])
  // #endregion memory
  return provider
}

type Pool = Parameters<typeof pgProvider.createProvider>[0]['client']

export async function providers(pool: Pool, sql: Sql, db: Knex, events: Collection<any>, bookmarks: Collection<any>, driver: Driver) {
  // #region providers
  await pgProvider.migrate({ client: pool, events: 'events', bookmarks: 'bookmarks' })
  const pg = pgProvider.createProvider({ client: pool, events: 'events', bookmarks: 'bookmarks', onError: console.error })
  const postgres = postgresProvider.createProvider({ sql, events: 'events', bookmarks: 'bookmarks' })
  await knexProvider.migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
  const knex = knexProvider.createProvider({ events: () => db.table('events'), bookmarks: () => db.table('bookmarks') })
  await mongoProvider.migrate(events, bookmarks)
  const mongo = mongoProvider.createProvider({ events, bookmarks, limit: 1000 })
  await neo4jProvider.migrate({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  const neo4j = neo4jProvider.createProvider({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  const neo4j35 = neo4jV3Provider.createProvider({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  // #endregion providers
  return [pg, postgres, knex, mongo, neo4j, neo4j35]
}
