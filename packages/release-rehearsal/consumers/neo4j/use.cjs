// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-neo4j on Neo4j 5.
const { readFileSync } = require('node:fs')
const { createAggregate, createCommands, createDomain } = require('@evtstore/core')
const { createProvider, migrate } = require('@evtstore/provider-neo4j')
const neo4j = require('neo4j-driver')

async function main() {
  // The test server runs without authentication; a real one takes neo4j.auth.basic(user, password).
  const client = neo4j.driver(process.env.NEO4J_URL)
  const labels = { events: `${process.env.LABEL_PREFIX}_CjsEvents`, bookmarks: `${process.env.LABEL_PREFIX}_CjsBookmarks` }
  try {
    await migrate({ client, ...labels })
    const provider = createProvider({ client, ...labels })

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
      ['@evtstore/core', '@evtstore/provider-neo4j', 'neo4j-driver'].map((name) => [
        name,
        JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
      ]),
    )
    const resolved = { core: require.resolve('@evtstore/core'), provider: require.resolve('@evtstore/provider-neo4j') }
    console.log(JSON.stringify({ format: 'cjs', migrated: true, state, handled: seen, versions, resolved }))
  } finally {
    await client.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
