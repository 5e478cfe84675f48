// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-mongo on MongoDB.
import { readFileSync } from 'node:fs'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-mongo'
import { MongoClient } from 'mongodb'

const client = new MongoClient(process.env.MONGO_URL)
try {
  const db = client.db()
  const store = { events: db.collection('events_esm'), bookmarks: db.collection('bookmarks_esm') }
  await migrate(store.events, store.bookmarks)
  const provider = createProvider(store)

  const account = createAggregate({
    stream: 'account',
    create: () => ({ balance: 0 }),
    fold: (ev, state) => ({ balance: state.balance + ev.amount }),
  })
  const { domain, createHandler } = createDomain({ provider }, { account })
  const accounts = createCommands(domain.account, {
    deposit: (cmd) => ({ type: 'deposited', amount: cmd.amount }),
  })

  await accounts.deposit('acc-esm', { amount: 30 })
  const state = await accounts.deposit('acc-esm', { amount: 12 })

  const seen = []
  const view = createHandler('balances', ['account'])
  view.handle('account', 'deposited', async (id, ev) => {
    seen.push(`${id}+${ev.amount}`)
  })
  await view.runOnce()

  const versions = Object.fromEntries(
    ['@evtstore/core', '@evtstore/provider-mongo', 'mongodb'].map((name) => [
      name,
      JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
    ]),
  )
  const resolved = { core: import.meta.resolve('@evtstore/core'), provider: import.meta.resolve('@evtstore/provider-mongo') }
  console.log(JSON.stringify({ format: 'esm', migrated: true, state, handled: seen, versions, resolved }))
} finally {
  await client.close()
}
