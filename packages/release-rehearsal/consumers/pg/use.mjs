// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-pg on Postgres.
import { readFileSync } from 'node:fs'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-pg'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
try {
  await migrate({ client: pool, events: 'events_esm', bookmarks: 'bookmarks_esm' })
  const provider = createProvider({ client: pool, events: 'events_esm', bookmarks: 'bookmarks_esm' })

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
    ['@evtstore/core', '@evtstore/provider-pg', 'pg'].map((name) => [
      name,
      JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
    ]),
  )
  const resolved = { core: import.meta.resolve('@evtstore/core'), provider: import.meta.resolve('@evtstore/provider-pg') }
  console.log(JSON.stringify({ format: 'esm', migrated: true, state, handled: seen, versions, resolved }))
} finally {
  await pool.end()
}
