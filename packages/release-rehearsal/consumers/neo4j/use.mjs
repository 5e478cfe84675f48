// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-neo4j on Neo4j 5.
import { readFileSync } from 'node:fs'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-neo4j'
import neo4j from 'neo4j-driver'

// The test server runs without authentication; a real one takes neo4j.auth.basic(user, password).
const client = neo4j.driver(process.env.NEO4J_URL)
const labels = { events: `${process.env.LABEL_PREFIX}_EsmEvents`, bookmarks: `${process.env.LABEL_PREFIX}_EsmBookmarks` }
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

  await accounts.deposit('acc-esm', { amount: 30 })
  const state = await accounts.deposit('acc-esm', { amount: 12 })

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
  const resolved = { core: import.meta.resolve('@evtstore/core'), provider: import.meta.resolve('@evtstore/provider-neo4j') }
  console.log(JSON.stringify({ format: 'esm', migrated: true, state, handled: seen, versions, resolved }))
} finally {
  await client.close()
}
