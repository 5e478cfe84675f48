import { isCommandError, type Position, type Provider } from '@evtstore/core'
import { createBank, type Bank } from '../bank.js'
import { ruleOf, type BankRule } from '../domain/rules.js'
import type { BalanceRow, BankView, LedgerRow } from '../read-model/bank-view.js'
import { money } from '../domain/money.js'
import { balancesTable, ledgerTable, type Log } from './format.js'
import { raceWithdrawals, type RaceOutcome } from './race.js'
import { resendTransfer, type ResendOutcome } from './resend.js'
import { runOf, surveyStore, type StoreSurvey } from './survey.js'

/** Where the walkthrough runs. */
export interface WalkthroughOptions {
  provider: Provider
  /** The read model; process memory when left out. Give the store's view to keep it between runs. */
  view?: BankView
  /** Where the events live, for the opening line (e.g. the file's path). */
  where?: string
}

/** What the walkthrough ends with, for tests to check. */
export interface WalkthroughResult {
  /** This run's number: one more than the highest found in the store. */
  run: number
  /** What the store held before this run. */
  earlier: StoreSurvey
  /** The read model rows of this run's accounts, after catching up. */
  balances: BalanceRow[]
  /** Every read model row, of every run. */
  allBalances: BalanceRow[]
  /** This run's transfers in the ledger. */
  transfers: LedgerRow[]
  /** The rule codes of the commands that were refused, in order. */
  rejected: BankRule[]
  race: RaceOutcome
  /** The transfer sent a second time (the previous run's, or this run's on a first run). */
  resend: ResendOutcome
  /** The handler's bookmark when it started catching up: where an earlier run left it. */
  resumedAt: Position
  /** Events the read model handled on catching up, and the position it reached. */
  handled: number
  caughtUpAt: Position
  /** Every balance rebuilt from scratch by replaying the whole log, and how many events that took. */
  replayedBalances: BalanceRow[]
  replayHandled: number
}

/**
 * Tells the bank's story on the given store, writing what happens to `log`: what earlier
 * runs left, accounts opened and funded, a transfer and a transfer sent again, commands
 * refused by the rules, a transfer compensated, two withdrawals racing, the read model
 * resuming from its bookmark, and a replay. Every id of run n starts with `r<n>-`, so the
 * walkthrough can run any number of times on one store.
 *
 * @example
 * ```ts
 * const result = await runWalkthrough({ provider: createMemoryProvider() }, console.log)
 * result.balances // [{ accountId: 'r1-acc-ada', balance: 2_500, ... }, ...]
 * ```
 */
export async function runWalkthrough(options: WalkthroughOptions, log: Log): Promise<WalkthroughResult> {
  const bank = createBank(options.provider, options.view)
  const earlier = await surveyStore(options.provider)
  const run = earlier.nextRun
  const id = (name: string) => `r${run}-${name}`
  const [ada, bob, cy] = [id('acc-ada'), id('acc-bob'), id('acc-cy')]
  const where = options.where === undefined ? '' : ` in ${options.where}`
  log(
    earlier.events === 0
      ? `No events yet${where}: starting run 1.`
      : `Found ${earlier.events} events from ${earlier.runs.length} earlier run(s)${where} — continuing with run ${run}.`,
  )

  const rejected: BankRule[] = []
  const refused = async (label: string, attempt: () => Promise<unknown>) => {
    try {
      await attempt()
    } catch (err) {
      const rule = ruleOf(err)
      if (!isCommandError(err) || rule === undefined) throw err
      rejected.push(rule)
      const at = err.command === undefined ? '' : ` [${err.stream}.${err.command} on ${err.aggregateId}]`
      log(`  ${label}: refused, ${err.name} ${err.code} rule=${rule}${at}: ${err.message}`)
      return
    }
    throw new Error(`${label} should have been refused by a rule`)
  }

  log(`\n1. Opening and funding run ${run}'s accounts`)
  for (const [accountId, owner] of [
    [ada, 'Ada'],
    [bob, 'Bob'],
    [cy, 'Cy'],
  ] as const) {
    const state = await bank.accounts.open(accountId, { owner })
    log(`  opened ${accountId} for ${state.owner} (version ${state.version})`)
  }
  await deposit(bank, ada, 10_000, log)
  await deposit(bank, bob, 5_000, log)

  log('\n2. A transfer: a withdrawal and a deposit sharing one correlation id')
  const tr1 = id('tr-1')
  await bank.transfer({ transferId: tr1, from: ada, to: bob, amount: 2_500 })
  for (const accountId of [ada, bob]) {
    for (const e of await bank.domain.account.getEvents(accountId)) {
      if (e.meta?.correlationId !== tr1) continue
      log(
        `  ${e.stream}/${e.aggregateId} v${e.version} ${e.event.type} ${money(amountOf(e.event))} correlationId=${tr1}`,
      )
    }
  }

  const previous = earlier.runs.at(-1)
  log(
    previous === undefined
      ? '\n3. The same transfer sent again (idempotency keys)'
      : `\n3. Run ${previous}'s first transfer sent again, from this run (idempotency keys survive restarts)`,
  )
  const resent = previous === undefined ? run : previous
  const resend = await resendTransfer(
    bank,
    { transferId: `r${resent}-tr-1`, from: `r${resent}-acc-ada`, to: `r${resent}-acc-bob`, amount: 2_500 },
    (line) => log(`  ${line}`),
  )

  log('\n4. Commands refused by the business rules (nothing is stored)')
  await refused('Bob withdraws $1000.00', () => bank.accounts.withdraw(bob, { amount: 100_000 }))
  await refused('deposit of -$5.00', () => bank.accounts.deposit(ada, { amount: -500 }))
  await refused('deposit to acc-nobody', () => bank.accounts.deposit('acc-nobody', { amount: 100 }))
  await refused(`opening ${ada} again`, () => bank.accounts.open(ada, { owner: 'Eve' }))

  log('\n5. A transfer to a closed account is compensated')
  await bank.accounts.close(cy, {})
  log(`  closed ${cy}`)
  await refused(`transfer ${id('tr-2')} of $10.00 to ${cy}`, () =>
    bank.transfer({ transferId: id('tr-2'), from: ada, to: cy, amount: 1_000 }),
  )
  const types = (await bank.domain.account.getEvents(ada)).slice(-2).map((e) => e.event.type)
  log(`  ${ada}'s last two events: ${types.join(', ')}; its balance is back where it was`)

  log('\n6. Two withdrawals race on one account')
  const race = await raceWithdrawals(bank, ada, [3_000, 2_000], (line) => log(`  ${line}`))

  log('\n7. The read model catches up from its bookmark')
  const resumedAt = await bank.projection.getPosition()
  log(
    resumedAt === '0'
      ? '  bank-view handler starts at position 0: nothing handled yet'
      : `  bank-view handler resumed at position ${resumedAt}, where an earlier run left its bookmark`,
  )
  const caughtUp = await bank.projection.runOnce()
  log(`  handled ${caughtUp.handled} new events, bookmark now at position ${caughtUp.position}`)
  const allBalances = await bank.view.allBalances()
  const shownRuns = new Set([run, previous])
  const shown = allBalances.filter((r) => shownRuns.has(runOf(r.accountId)))
  for (const line of balancesTable(shown)) log(`  ${line}`)
  log('')
  const transfers = (await bank.view.transfers()).filter((t) => runOf(t.transferId) === run)
  for (const line of ledgerTable(transfers)) log(`  ${line}`)
  await checkAgainstAggregates(bank, allBalances)
  const runs = run === 1 ? 'run 1' : `runs 1-${run}`
  log(`  all ${allBalances.length} accounts in the read model (${runs}) match their aggregates`)

  log('\n8. Replay: clear the read model and rebuild it from the whole log')
  await bank.view.clear()
  await bank.projection.reset()
  const replay = await bank.projection.runOnce()
  const replayedBalances = await bank.view.allBalances()
  const same = JSON.stringify(replayedBalances) === JSON.stringify(allBalances)
  log(`  handled ${replay.handled} events again; balances ${same ? 'identical' : 'DIFFERENT'} after replay`)

  return {
    run,
    earlier,
    balances: allBalances.filter((r) => runOf(r.accountId) === run),
    allBalances,
    transfers,
    rejected,
    race,
    resend,
    resumedAt,
    handled: caughtUp.handled,
    caughtUpAt: caughtUp.position,
    replayedBalances,
    replayHandled: replay.handled,
  }
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
