// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-mongo on MongoDB.
const { readFileSync } = require('node:fs')
const { createAggregate, createCommands, createDomain } = require('@evtstore/core')
const { createProvider, migrate } = require('@evtstore/provider-mongo')
const { MongoClient } = require('mongodb')

async function main() {
  const client = new MongoClient(process.env.MONGO_URL)
  try {
    const db = client.db()
    const store = { events: db.collection('events_cjs'), bookmarks: db.collection('bookmarks_cjs') }
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

    await accounts.deposit('acc-cjs', { amount: 30 })
    const state = await accounts.deposit('acc-cjs', { amount: 12 })

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
    const resolved = { core: require.resolve('@evtstore/core'), provider: require.resolve('@evtstore/provider-mongo') }
    console.log(JSON.stringify({ format: 'cjs', migrated: true, state, handled: seen, versions, resolved }))
  } finally {
    await client.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
