// The README's setup example, compiled by `pnpm typecheck` (never run: it needs DATABASE_URL).
import postgres from 'postgres'
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
  // fetch_types, connect_timeout, backoff: see "Lost connections"
  const sql = postgres(process.env.DATABASE_URL!, {
    fetch_types: false,
    connect_timeout: 10,
    backoff: (retries) => Math.min(0.05 * 2 ** retries, 1),
  })
  await migrate({ sql, events: 'events', bookmarks: 'bookmarks' })

  const provider = createProvider({ sql, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
  const { domain, createHandler } = createDomain({ provider }, { account })

  await domain.account.append('a-1', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
  const balances = createHandler('balances', ['account'])
  balances.handle('account', 'deposited', async (_id, _ev) => {
    /* update a read model */
  })
  await balances.runOnce()
}
