import { CommandError, createAggregate, createCommands, createDomain, isCommandError } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'

type AccountEvent = { type: 'deposited'; amount: number } | { type: 'withdrawn'; amount: number }

const account = createAggregate({
  stream: 'account',
  create: () => ({ balance: 0 }),
  fold: (ev: AccountEvent, state: { balance: number }) => ({
    balance: ev.type === 'deposited' ? state.balance + ev.amount : state.balance - ev.amount,
  }),
})

const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })

const accounts = createCommands(domain.account, {
  deposit: (cmd: { amount: number }) => ({ type: 'deposited', amount: cmd.amount }),
  withdraw(cmd: { amount: number }, agg) {
    if (agg.balance < cmd.amount) throw new CommandError(`only ${agg.balance} left`)
    return { type: 'withdrawn', amount: cmd.amount }
  },
})

const balances = new Map<string, number>()
const balancesView = createHandler('balances', ['account'], { batchSize: 100 })
balancesView.handle('account', 'deposited', async (id, ev) => {
  balances.set(id, (balances.get(id) ?? 0) + ev.amount)
})
balancesView.handle('account', 'withdrawn', async (id, ev) => {
  balances.set(id, (balances.get(id) ?? 0) - ev.amount)
})

await accounts.deposit('acc-1', { amount: 100 })
const state = await accounts.withdraw('acc-1', { amount: 30 })
console.log(state) // { balance: 70, aggregateId: 'acc-1', version: 2 }

try {
  await accounts.withdraw('acc-1', { amount: 500 })
} catch (err) {
  if (isCommandError(err)) console.log(err.code, err.message) // COMMAND_REJECTED only 70 left
}

await balancesView.runOnce()
console.log(balances.get('acc-1')) // 70
