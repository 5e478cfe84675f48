// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-knex on a SQLite file.
import { readFileSync } from 'node:fs'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-knex'
import knex from 'knex'

const db = knex({ client: 'better-sqlite3', connection: { filename: 'app-esm.sqlite' }, useNullAsDefault: true })
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

  await accounts.deposit('acc-esm', { amount: 30 })
  const state = await accounts.deposit('acc-esm', { amount: 12 })

  const seen = []
  const view = createHandler('balances-esm', ['account'])
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
  const resolved = { core: import.meta.resolve('@evtstore/core'), provider: import.meta.resolve('@evtstore/provider-knex') }
  console.log(JSON.stringify({ format: 'esm', migrated: true, state, handled: seen, versions, resolved }))
} finally {
  await db.destroy()
}
