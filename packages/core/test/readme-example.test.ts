// The README's 30-second example, verbatim apart from the import paths: typecheck
// compiles it and jest runs it, so the README cannot drift from the API.
import { CommandError, createAggregate, createCommands, createDomain } from '../src/index.js'
import { createMemoryProvider } from '../src/memory/index.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

async function example() {
  // --- README example start ---
  type AccountEvent =
    | { type: 'opened'; owner: string }
    | { type: 'deposited'; amount: number }
    | { type: 'withdrawn'; amount: number }
  type Account = { owner: string; balance: number; open: boolean }

  const account = createAggregate({
    stream: 'account',
    create: (): Account => ({ owner: '', balance: 0, open: false }),
    fold: (ev: AccountEvent, state: Account): Partial<Account> => {
      switch (ev.type) {
        case 'opened':
          return { owner: ev.owner, open: true }
        case 'deposited':
          return { balance: state.balance + ev.amount }
        case 'withdrawn':
          return { balance: state.balance - ev.amount }
      }
    },
  })

  const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })

  const accounts = createCommands(domain.account, {
    open(cmd: { owner: string }, agg) {
      if (agg.open) throw new CommandError('account already open')
      return { type: 'opened', owner: cmd.owner }
    },
    deposit(cmd: { amount: number }, agg) {
      if (!agg.open) throw new CommandError('account not open')
      return { type: 'deposited', amount: cmd.amount }
    },
    withdraw(cmd: { amount: number }, agg) {
      if (agg.balance < cmd.amount) throw new CommandError('insufficient funds')
      return { type: 'withdrawn', amount: cmd.amount }
    },
  })

  await accounts.open('a-1', { owner: 'ada' })
  await accounts.deposit('a-1', { amount: 50 })
  const acc = await accounts.withdraw('a-1', { amount: 20 })
  // acc: { owner: 'ada', balance: 30, open: true, aggregateId: 'a-1', version: 3 }

  const balances = new Map<string, number>()
  const projection = createHandler('balances', ['account'])
  projection.handle('account', 'deposited', (id, ev) => void balances.set(id, (balances.get(id) ?? 0) + ev.amount))
  projection.handle('account', 'withdrawn', (id, ev) => void balances.set(id, (balances.get(id) ?? 0) - ev.amount))
  await projection.runOnce() // { handled: 3, position: '3' }; balances.get('a-1') === 30
  // --- README example end ---
  return { acc, balances, accounts, projection }
}

describe('README example', () => {
  it('runs as the README says', async () => {
    const { acc, balances, accounts, projection } = await example()
    expect(acc).toEqual({ owner: 'ada', balance: 30, open: true, aggregateId: 'a-1', version: 3 })
    expect(balances.get('a-1')).toBe(30)
    expect(await projection.getPosition()).toBe('3')
    await expect(accounts.withdraw('a-1', { amount: 31 })).rejects.toMatchObject({
      code: 'COMMAND_REJECTED',
      message: 'insufficient funds',
      command: 'withdraw',
      aggregateId: 'a-1',
    })
  })
})

describe('README', () => {
  it('shows exactly the example above', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const shown = readme.split('## 30-second example')[1]!.split('```ts\n')[1]!.split('```')[0]!
    const source = readFileSync(__filename, 'utf8')
    const region = source.split('// --- README example start ---\n')[1]!.split('  // --- README example end ---')[0]!
    const dedented = region
      .split('\n')
      .map((line) => line.replace(/^ {2}/, ''))
      .join('\n')
    const imports =
      "import { CommandError, createAggregate, createCommands, createDomain } from '@evtstore/core'\n" +
      "import { createMemoryProvider } from '@evtstore/core/memory'\n\n"
    expect(shown.trim()).toBe((imports + dedented).trim())
  })
})
