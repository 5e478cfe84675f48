// The README's setup examples, compiled by `pnpm typecheck` (never run: they need a server).
import neo4j from 'neo4j-driver'
import { createAggregate, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import * as v3 from '../src/v3/index.js'

type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }

const account = createAggregate({
  stream: 'account',
  create: () => ({ owner: '', balance: 0 }),
  fold: (ev: AccountEvent, state: { owner: string; balance: number }) =>
    ev.type === 'opened' ? { owner: ev.owner } : { balance: state.balance + ev.amount },
})

export async function readmeExample(): Promise<void> {
  const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
  await migrate({ client, events: 'Events', bookmarks: 'Bookmarks' })

  const provider = createProvider({ client, events: 'Events', bookmarks: 'Bookmarks', limit: 1000 })
  const { domain, createHandler } = createDomain({ provider }, { account })

  await domain.account.append('a-1', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
  const balances = createHandler('balances', ['account'])
  balances.handle('account', 'deposited', async (_id, _ev) => {
    /* update a read model */
  })
  await balances.runOnce()
  await client.close()
}

export async function readmeDatabaseExample(): Promise<void> {
  const client = neo4j.driver('neo4j://cluster.example:7687', neo4j.auth.basic('neo4j', 'secret'))
  await migrate({ client, database: 'orders' })
  createProvider({ client, database: 'orders' })
}

export async function readmeV3Example(): Promise<void> {
  const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
  await v3.migrate({ client, events: 'Events', bookmarks: 'Bookmarks' })
  const provider = v3.createProvider({ client, events: 'Events', bookmarks: 'Bookmarks', limit: 1000 })
  createDomain({ provider }, { account })
}
