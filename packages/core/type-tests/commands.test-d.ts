// Type-level tests of createCommands: compiled by `pnpm typecheck`, never run.
import { CommandError, createCommands, createDomain, type AggregateState } from '../src/index.js'
import { createMemoryProvider } from '../src/memory/index.js'
import { account, user, type Account, type Equal, type Expect } from './model.js'

const { domain } = createDomain({ provider: createMemoryProvider() }, { account, user })

const cmds = createCommands(domain.account, {
  open(cmd: { owner: string }, agg) {
    type _Agg = Expect<Equal<typeof agg, Readonly<AggregateState<Account>>>>
    if (agg.open) throw new CommandError('already open')
    return { type: 'opened', owner: cmd.owner }
  },
  async deposit(cmd: { amount: number }) {
    return [{ type: 'deposited', amount: cmd.amount }]
  },
  check(_cmd: { minimum: number }) {
    // returning nothing appends nothing
  },
})

export async function commandTypes() {
  const state = await cmds.open('a-1', { owner: 'ada' }, { idempotencyKey: 'k', meta: { correlationId: 'c' } })
  type _Result = Expect<Equal<typeof state, AggregateState<Account>>>
  void state
  await cmds.deposit('a-1', { amount: 5 })
  await cmds.check('a-1', { minimum: 1 })

  // @ts-expect-error unknown command name
  await cmds.close('a-1', {})
  // @ts-expect-error wrong body type
  await cmds.deposit('a-1', { amount: '5' })
  // @ts-expect-error the body is required
  await cmds.open('a-1')
}

createCommands(domain.account, {
  // @ts-expect-error a command of `account` cannot return an event of the `user` stream
  rename: (cmd: { name: string }) => ({ type: 'renamed', name: cmd.name }),
})

createCommands(domain.account, {
  // @ts-expect-error nor an array holding one
  rename: async (cmd: { name: string }) => [{ type: 'deposited', amount: 1 }, { type: 'renamed', name: cmd.name }],
})

createCommands(domain.account, {
  withdraw(cmd: { amount: number }, agg) {
    // @ts-expect-error the aggregate handed to a command is read-only
    agg.balance = agg.balance - cmd.amount
  },
})
