// The part of a user's first program that is the same on every store, as CommonJS:
// an account aggregate, a deposit command run twice, a handler that reads both back.
// Copied next to each consumer's use.cjs; prints the JSON line the rehearsal checks.
const { readFileSync } = require('node:fs')
const { createAggregate, createCommands, createDomain } = require('@evtstore/core')

async function runAccountFlow(provider, { providerPackage, packages }) {
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
    ['@evtstore/core', providerPackage, ...packages].map((name) => [
      name,
      JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
    ]),
  )
  const resolved = { core: require.resolve('@evtstore/core'), provider: require.resolve(providerPackage) }
  console.log(JSON.stringify({ format: 'cjs', migrated: true, state, handled: seen, versions, resolved }))
}

/** Runs `main` and sets a failing exit code if it throws. */
function run(main) {
  main().catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
}

module.exports = { runAccountFlow, run }
