import { createCommands } from '@evtstore/core'
import type { AccountAggregate } from '../bank-domain.js'
import type { TransferRef } from '../domain/account.js'
import { money } from '../domain/money.js'
import { assertOpen, assertPositiveAmount, reject } from '../domain/rules.js'

/**
 * The account commands. Each loads the account, checks the rules, and returns the
 * events to append; a broken rule is a thrown `CommandError` whose `details.rule` says
 * which. `retries` re-runs a command that lost a race (`VersionConflictError`).
 *
 * @example
 * ```ts
 * const accounts = createAccountCommands(domain.account, { retries: 3 })
 * await accounts.open('acc-ada', { owner: 'Ada' })
 * await accounts.deposit('acc-ada', { amount: 10_000 })
 * ```
 */
export function createAccountCommands(aggregate: AccountAggregate, options: { retries: number }) {
  return createCommands(
    aggregate,
    {
      open(cmd: { owner: string }, agg) {
        if (agg.status !== 'unknown')
          throw reject('ACCOUNT_EXISTS', `account ${agg.aggregateId} already exists`)
        if (cmd.owner.trim() === '') throw reject('OWNER_MISSING', 'an account needs an owner')
        return { type: 'opened', owner: cmd.owner }
      },

      deposit(cmd: { amount: number; transfer?: TransferRef }, agg) {
        assertPositiveAmount(cmd.amount)
        assertOpen(agg)
        return cmd.transfer === undefined
          ? { type: 'deposited', amount: cmd.amount }
          : { type: 'deposited', amount: cmd.amount, transfer: cmd.transfer }
      },

      withdraw(cmd: { amount: number; transfer?: TransferRef }, agg) {
        assertPositiveAmount(cmd.amount)
        assertOpen(agg)
        if (agg.balance < cmd.amount) {
          throw reject(
            'INSUFFICIENT_FUNDS',
            `account ${agg.aggregateId} holds ${money(agg.balance)}, cannot withdraw ${money(cmd.amount)}`,
            { balance: agg.balance, amount: cmd.amount },
          )
        }
        return cmd.transfer === undefined
          ? { type: 'withdrawn', amount: cmd.amount }
          : { type: 'withdrawn', amount: cmd.amount, transfer: cmd.transfer }
      },

      /** Gives back money taken by a transfer that could not complete. Allowed on a closed account. */
      refund(cmd: { amount: number; transferId: string; reason: string }, agg) {
        assertPositiveAmount(cmd.amount)
        if (agg.status === 'unknown')
          throw reject('ACCOUNT_UNKNOWN', `account ${agg.aggregateId} does not exist`)
        return { type: 'refunded', amount: cmd.amount, transferId: cmd.transferId, reason: cmd.reason }
      },

      close(_cmd: Record<string, never>, agg) {
        assertOpen(agg)
        if (agg.balance !== 0) {
          throw reject('BALANCE_NOT_ZERO', `account ${agg.aggregateId} still holds ${money(agg.balance)}`, {
            balance: agg.balance,
          })
        }
        return { type: 'closed' }
      },
    },
    { retries: options.retries },
  )
}

/** The command functions returned by {@link createAccountCommands}. */
export type AccountCommands = ReturnType<typeof createAccountCommands>
