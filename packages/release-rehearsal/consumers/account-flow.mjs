// The part of a user's first program that is the same on every store, as an ES module:
// an account aggregate, a deposit command run twice, a handler that reads both back.
// Copied next to each consumer's use.mjs; prints the JSON line the rehearsal checks.
import { readFileSync } from 'node:fs'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'

export async function runAccountFlow(provider, { providerPackage, packages }) {
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
    ['@evtstore/core', providerPackage, ...packages].map((name) => [
      name,
      JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version,
    ]),
  )
  const resolved = { core: import.meta.resolve('@evtstore/core'), provider: import.meta.resolve(providerPackage) }
  console.log(JSON.stringify({ format: 'esm', migrated: true, state, handled: seen, versions, resolved }))
}
