// The README's examples, compiled by `pnpm typecheck` (never run: they need MONGO_URL).
import { MongoClient } from 'mongodb'
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
  const client = await MongoClient.connect(process.env.MONGO_URL!)
  const events = client.db('app').collection('events') // or a promise of it
  const bookmarks = client.db('app').collection('bookmarks') // or a promise of it
  await migrate(events, bookmarks)

  const provider = createProvider({ limit: 1000, events, bookmarks })
  const { domain, createHandler } = createDomain({ provider }, { account })

  await domain.account.append('a-1', [{ type: 'opened', owner: 'ada' }], { expectedVersion: 0 })
  const balances = createHandler('balances', ['account'])
  balances.handle('account', 'deposited', async (_id, _ev) => {
    /* update a read model */
  })
  await balances.runOnce()
}

export async function replicaSetExample(): Promise<void> {
  // A replica set: name every member (or use mongodb+srv://); the provider sets its own
  // read and write concerns on each call.
  const client = await MongoClient.connect('mongodb://db1:27017,db2:27017,db3:27017/?replicaSet=rs0')
  const db = client.db('app')
  await migrate(db.collection('events'), db.collection('bookmarks'))
  createProvider({ events: db.collection('events'), bookmarks: db.collection('bookmarks') })
}
