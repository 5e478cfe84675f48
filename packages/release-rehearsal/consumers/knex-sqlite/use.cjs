// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-knex on a SQLite file.
const { readFileSync } = require('node:fs')
const { createAggregate, createCommands, createDomain } = require('@evtstore/core')
const { createProvider, migrate } = require('@evtstore/provider-knex')
const knex = require('knex')

async function main() {
  const db = knex({ client: 'better-sqlite3', connection: { filename: 'app-cjs.sqlite' }, useNullAsDefault: true })
  try {
    await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
    const provider = createProvider({ client: db, events: 'events', bookmarks: 'bookmarks' })

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
    const view = createHandler('balances-cjs', ['account'])
    view.handle('account', 'deposited', async (id, ev) => {
      seen.push(`${id}+${ev.amount}`)
    })
    await view.runOnce()

    const versions = Object.fromEntries(
      ['@evtstore/core', '@evtstore/provider-knex', 'knex', 'better-sqlite3'].map((name) => [
        name,
        JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
      ]),
    )
    const resolved = { core: require.resolve('@evtstore/core'), provider: require.resolve('@evtstore/provider-knex') }
    console.log(JSON.stringify({ format: 'cjs', migrated: true, state, handled: seen, versions, resolved }))
  } finally {
    await db.destroy()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
