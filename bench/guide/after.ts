// The "after" snippets of docs/migrating-from-evtstore-12.md: the same code on evtstore's
// packages here, compiled against them (`pnpm --filter @evtstore/bench typecheck`). Each
// region is shown verbatim (dedented) in the guide; check-guide.mjs keeps the two in step.
import {
  CommandError,
  START_POSITION,
  comparePositions,
  createAggregate,
  createCommands,
  createDomain,
  isVersionConflictError,
  type Provider,
} from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import * as pgProvider from '@evtstore/provider-pg'
import * as postgresProvider from '@evtstore/provider-postgres'
import * as knexProvider from '@evtstore/provider-knex'
import * as mongoProvider from '@evtstore/provider-mongo'
import * as neo4jProvider from '@evtstore/provider-neo4j'
import * as neo4jV3Provider from '@evtstore/provider-neo4j/v3'
import type { Knex } from 'knex'
import type { Collection } from 'mongodb'
import type { Driver } from 'neo4j-driver'
import type { Sql } from 'postgres'

export type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }
export type Account = { owner: string; balance: number }
declare function sendMail(to: string, text: string): Promise<void>

export async function aggregateAndDomain() {
  // #region aggregate
  const account = createAggregate({
    stream: 'account',
    create: (): Account => ({ owner: '', balance: 0 }),
    fold: (ev: AccountEvent, agg: Account): Partial<Account> =>
      ev.type === 'opened' ? { owner: ev.owner } : { balance: agg.balance + ev.amount },
    snapshot: { key: '1', every: 100 },
  })
  const { domain, createHandler } = createDomain({ provider: createMemoryProvider(), cacheSize: 1000 }, { account })
  const acc = await domain.account.getAggregate('a-1') // { owner, balance, aggregateId, version }
  // #endregion aggregate
  return { domain, createHandler, acc }
}

export async function commands(domain: Awaited<ReturnType<typeof aggregateAndDomain>>['domain']) {
  // #region commands
  const cmd = createCommands(
    domain.account,
    {
      open(cmd: { owner: string }, agg) {
        if (agg.version > 0) throw new CommandError('already open')
        return { type: 'opened', owner: `${cmd.owner} (${agg.aggregateId})` }
      },
      deposit: (cmd: { amount: number }) => ({ type: 'deposited', amount: cmd.amount }),
    },
    { retries: 2 },
  )
  try {
    await cmd.open('a-1', { owner: 'ada' })
  } catch (err) {
    if (isVersionConflictError(err)) console.log('lost a race')
  }
  // #endregion commands
}

export async function handlers({ createHandler }: Awaited<ReturnType<typeof aggregateAndDomain>>) {
  // #region handler
  const mailer = createHandler('mailer', ['account'], {
    startAtEnd: true,
    continueOnError: true,
    onError: (err, event) => console.error(err, event.position),
  })
  mailer.handle('account', 'opened', async (id, ev, envelope) => {
    await sendMail(ev.owner, `account ${id} opened at ${envelope.position}`)
  })
  const { handled, position } = await mailer.runOnce()
  mailer.start()
  await mailer.stop()
  // #endregion handler

  // #region standalone-handler
  const audit = createHandler('audit', ['account'])
  audit.handleStream('account', {
    opened: async (id, ev) => console.log(id, ev.owner),
    deposited: async (id, ev) => console.log(id, ev.amount),
  })
  // #endregion standalone-handler
  return { handled, position, audit }
}

export function seeded() {
  // #region memory
  const provider = createMemoryProvider({
    events: [
      { stream: 'account', aggregateId: 'a-1', version: 1, position: 1, timestamp: new Date(), event: { type: 'opened', owner: 'ada' } },
    ],
  })
  // #endregion memory
  return provider
}

export function positions(a: string, b: string) {
  // #region positions
  const later = comparePositions(a, b) > 0 // positions are decimal strings: '10' > '9'
  const fresh = a === START_POSITION // v12's isPositionZero
  // #endregion positions
  return { later, fresh }
}

type Pool = pgProvider.PgQueryable

export async function providers(pool: Pool, sql: Sql, db: Knex, events: Collection, bookmarks: Collection, driver: Driver) {
  // #region providers
  await pgProvider.migrate({ client: pool, events: 'events', bookmarks: 'bookmarks' })
  const pg = pgProvider.createProvider({ client: pool, events: 'events', bookmarks: 'bookmarks' })
  const postgres = postgresProvider.createProvider({ sql, events: 'events', bookmarks: 'bookmarks' })
  await knexProvider.migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
  const knex = knexProvider.createProvider({ events: () => db.table('events'), bookmarks: () => db.table('bookmarks') })
  await mongoProvider.migrate(events, bookmarks)
  const mongo = mongoProvider.createProvider({ events, bookmarks, limit: 1000 })
  await neo4jProvider.migrate({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  const neo4j = neo4jProvider.createProvider({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  const neo4j35 = neo4jV3Provider.createProvider({ client: driver, events: 'Events', bookmarks: 'Bookmarks' })
  // #endregion providers
  const all: Provider[] = [pg, postgres, knex, mongo, neo4j, neo4j35]
  return all
}
