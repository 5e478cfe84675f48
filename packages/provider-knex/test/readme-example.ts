// The README's setup snippet, compiled by `pnpm typecheck` (tsconfig includes test/) and
// run by readme-example.test.ts, so the documented API cannot drift from the real one.
import { createAggregate, createDomain } from '@evtstore/core'
import knex from 'knex'
import { createProvider, migrate } from '../src/index.js'

type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }

const account = createAggregate({
  stream: 'account',
  create: () => ({ owner: '', balance: 0 }),
  fold: (ev: AccountEvent, state: { owner: string; balance: number }) =>
    ev.type === 'opened' ? { owner: ev.owner } : { balance: state.balance + ev.amount },
})

/** The README's setup, on the given SQLite file through `client`; returns the balance after two events. */
export async function readmeExample(filename: string, client: 'better-sqlite3' | 'sqlite3' = 'better-sqlite3'): Promise<number> {
  const db = knex({ client, connection: { filename }, useNullAsDefault: true })
  try {
    await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
    const provider = createProvider({
      limit: 1000,
      events: () => db.table('events'),
      bookmarks: () => db.table('bookmarks'),
    })
    const { domain } = createDomain({ provider }, { account })
    await domain.account.append('a-1', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
    await domain.account.append('a-1', [{ type: 'deposited', amount: 5 }], { expectedVersion: 1 })
    return (await domain.account.getAggregate('a-1')).balance
  } finally {
    await db.destroy()
  }
}
