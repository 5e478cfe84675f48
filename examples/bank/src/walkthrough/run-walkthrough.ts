import { isCommandError, type Provider } from '@evtstore/core'
import { createBank, type Bank } from '../bank.js'
import { ruleOf, type BankRule } from '../domain/rules.js'
import type { BalanceRow, LedgerRow } from '../read-model/bank-view.js'
import { money } from '../domain/money.js'
import { balancesTable, ledgerTable, type Log } from './format.js'
import { raceWithdrawals, type RaceOutcome } from './race.js'

/** What the walkthrough ends with, for tests to check. */
export interface WalkthroughResult {
  balances: BalanceRow[]
  transfers: LedgerRow[]
  /** The rule codes of the commands that were refused, in order. */
  rejected: BankRule[]
  race: RaceOutcome
  /** Events the read model handled on its first catch-up. */
  handled: number
  /** Balances rebuilt from scratch by replaying the log. */
  replayedBalances: BalanceRow[]
}

/**
 * Tells the bank's story on the given provider, writing what happens to `log`: accounts
 * opened and funded, a transfer, commands refused by the rules, a transfer compensated,
 * two withdrawals racing, the read model catching up, and a replay.
 *
 * @example
 * ```ts
 * const result = await runWalkthrough(createMemoryProvider(), console.log)
 * result.balances // [{ accountId: 'acc-ada', balance: 2_500, ... }, ...]
 * ```
 */
export async function runWalkthrough(provider: Provider, log: Log): Promise<WalkthroughResult> {
  const bank = createBank(provider)
  const rejected: BankRule[] = []
  const refused = async (label: string, run: () => Promise<unknown>) => {
    try {
      await run()
    } catch (err) {
      const rule = ruleOf(err)
      if (!isCommandError(err) || rule === undefined) throw err
      rejected.push(rule)
      const where = err.command === undefined ? '' : ` [${err.stream}.${err.command} on ${err.aggregateId}]`
      log(`  ${label}: refused, ${err.name} ${err.code} rule=${rule}${where}: ${err.message}`)
      return
    }
    throw new Error(`${label} should have been refused by a rule`)
  }

  log('1. Opening and funding accounts')
  for (const [id, owner] of [
    ['acc-ada', 'Ada'],
    ['acc-bob', 'Bob'],
    ['acc-cy', 'Cy'],
  ] as const) {
    const state = await bank.accounts.open(id, { owner })
    log(`  opened ${id} for ${state.owner} (version ${state.version})`)
  }
  await deposit(bank, 'acc-ada', 10_000, log)
  await deposit(bank, 'acc-bob', 5_000, log)

  log('\n2. A transfer: a withdrawal and a deposit sharing one correlation id')
  await bank.transfer({ transferId: 'tr-1', from: 'acc-ada', to: 'acc-bob', amount: 2_500 })
  for (const id of ['acc-ada', 'acc-bob']) {
    for (const e of await bank.domain.account.getEvents(id)) {
      if (e.meta?.correlationId !== 'tr-1') continue
      log(
        `  ${e.stream}/${e.aggregateId} v${e.version} ${e.event.type} ${money(amountOf(e.event))} correlationId=tr-1`,
      )
    }
  }

  log('\n3. Commands refused by the business rules (nothing is stored)')
  await refused('Bob withdraws $1000.00', () => bank.accounts.withdraw('acc-bob', { amount: 100_000 }))
  await refused('deposit of -$5.00', () => bank.accounts.deposit('acc-ada', { amount: -500 }))
  await refused('deposit to acc-nobody', () => bank.accounts.deposit('acc-nobody', { amount: 100 }))
  await refused('opening acc-ada again', () => bank.accounts.open('acc-ada', { owner: 'Eve' }))

  log('\n4. A transfer to a closed account is compensated')
  await bank.accounts.close('acc-cy', {})
  log('  closed acc-cy')
  await refused('transfer tr-2 of $10.00 to acc-cy', () =>
    bank.transfer({ transferId: 'tr-2', from: 'acc-ada', to: 'acc-cy', amount: 1_000 }),
  )
  const types = (await bank.domain.account.getEvents('acc-ada')).slice(-2).map((e) => e.event.type)
  log(`  acc-ada's last two events: ${types.join(', ')}; its balance is back where it was`)

  log('\n5. Two withdrawals race on one account')
  const race = await raceWithdrawals(bank, 'acc-ada', [3_000, 2_000], (line) => log(`  ${line}`))

  log('\n6. The read model catches up')
  const run = await bank.projection.runOnce()
  log(`  handled ${run.handled} events, bookmark at position ${run.position}`)
  const balances = bank.view.allBalances()
  for (const line of balancesTable(balances)) log(`  ${line}`)
  log('')
  const transfers = bank.view.transfers()
  for (const line of ledgerTable(transfers)) log(`  ${line}`)
  await checkAgainstAggregates(bank, balances)
  log('  every balance matches the account aggregate')

  log('\n7. Replay: clear the read model and rebuild it from the log')
  bank.view.clear()
  await bank.projection.reset()
  const replay = await bank.projection.runOnce()
  const replayedBalances = bank.view.allBalances()
  const same = JSON.stringify(replayedBalances) === JSON.stringify(balances)
  log(`  handled ${replay.handled} events again; balances ${same ? 'identical' : 'DIFFERENT'} after replay`)

  return { balances, transfers, rejected, race, handled: run.handled, replayedBalances }
}

async function deposit(bank: Bank, id: string, amount: number, log: Log): Promise<void> {
  const state = await bank.accounts.deposit(id, { amount })
  log(`  deposited ${money(amount)} to ${id}: balance ${money(state.balance)} (version ${state.version})`)
}

function amountOf(event: { type: string }): number {
  return 'amount' in event && typeof event.amount === 'number' ? event.amount : 0
}

async function checkAgainstAggregates(bank: Bank, rows: BalanceRow[]): Promise<void> {
  for (const row of rows) {
    const agg = await bank.domain.account.getAggregate(row.accountId)
    if (agg.balance !== row.balance || agg.version !== row.version) {
      throw new Error(
        `read model disagrees with ${row.accountId}: ${row.balance} v${row.version} vs ${agg.balance} v${agg.version}`,
      )
    }
  }
}
