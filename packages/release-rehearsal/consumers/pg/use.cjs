// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-pg on Postgres.
const { readFileSync } = require('node:fs')
const { createAggregate, createCommands, createDomain } = require('@evtstore/core')
const { createProvider, migrate } = require('@evtstore/provider-pg')
const pg = require('pg')

async function main() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
  try {
    await migrate({ client: pool, events: 'events_cjs', bookmarks: 'bookmarks_cjs' })
    const provider = createProvider({ client: pool, events: 'events_cjs', bookmarks: 'bookmarks_cjs' })

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
      ['@evtstore/core', '@evtstore/provider-pg', 'pg'].map((name) => [
        name,
        JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
      ]),
    )
    const resolved = { core: require.resolve('@evtstore/core'), provider: require.resolve('@evtstore/provider-pg') }
    console.log(JSON.stringify({ format: 'cjs', migrated: true, state, handled: seen, versions, resolved }))
  } finally {
    await pool.end()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
