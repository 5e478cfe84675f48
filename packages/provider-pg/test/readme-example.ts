// The README's setup example, compiled by `pnpm typecheck` (never run: it needs DATABASE_URL).
import pg from 'pg'
import { createAggregate, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'

type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }

const account = createAggregate({
  stream: 'account',
  create: () => ({ owner: '', balance: 0 }),
  fold: (ev: AccountEvent, state: { owner: string; balance: number }) =>
    ev.type === 'opened' ? { owner: ev.owner } : { balance: state.balance + ev.amount },
})

export async function readmeExample(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000 })
  // Required: a server restart ends idle connections with an 'error' event (57P01), and an
  // 'error' without a listener ends the Node process. The pool drops the client either way.
  pool.on('error', (err) => console.warn('idle Postgres client lost:', err.message))
  await migrate({ client: pool, events: 'events', bookmarks: 'bookmarks' })

  const provider = createProvider({ client: pool, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
  const { domain, createHandler } = createDomain({ provider }, { account })

  await domain.account.append('a-1', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
  const balances = createHandler('balances', ['account'])
  balances.handle('account', 'deposited', async (_id, _ev) => {
    /* update a read model */
  })
  await balances.runOnce()
}
