import { CommandError } from '@evtstore/core'
import type { Account } from './account.js'

/** The bank's business rules, each with a stable code callers can switch on. */
export type BankRule =
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_UNKNOWN'
  | 'ACCOUNT_CLOSED'
  | 'AMOUNT_NOT_POSITIVE'
  | 'INSUFFICIENT_FUNDS'
  | 'BALANCE_NOT_ZERO'
  | 'OWNER_MISSING'
  | 'SAME_ACCOUNT'
  | 'TRANSFER_REFUNDED'

/**
 * Builds the `CommandError` for a broken rule; the rule's code is in `details.rule`.
 *
 * @example
 * ```ts
 * throw reject('INSUFFICIENT_FUNDS', 'balance 100 is less than 250', { balance: 100 })
 * ```
 */
export function reject(
  rule: BankRule,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): CommandError {
  return new CommandError(message, { details: { rule, ...details }, cause })
}

/**
 * The rule code of an error built by {@link reject}, if it is one.
 *
 * @example
 * ```ts
 * try { await accounts.withdraw('acc-ada', { amount: 1e6 }) }
 * catch (err) { if (ruleOf(err) === 'INSUFFICIENT_FUNDS') showTopUpHint() }
 * ```
 */
export function ruleOf(err: unknown): BankRule | undefined {
  const details = (err as { details?: { rule?: unknown } } | null)?.details
  return typeof details?.rule === 'string' ? (details.rule as BankRule) : undefined
}

/**
 * Checks that an amount is a positive whole number of cents.
 *
 * @example
 * ```ts
 * assertPositiveAmount(250) // ok
 * assertPositiveAmount(-5)  // throws CommandError (AMOUNT_NOT_POSITIVE)
 * ```
 */
export function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw reject('AMOUNT_NOT_POSITIVE', `amount must be a positive whole number of cents, got ${amount}`, {
      amount,
    })
  }
}

/**
 * Checks that the account exists and is open.
 *
 * @example
 * ```ts
 * assertOpen(agg) // throws ACCOUNT_UNKNOWN or ACCOUNT_CLOSED otherwise
 * ```
 */
export function assertOpen(agg: Readonly<Account & { aggregateId: string }>): void {
  if (agg.status === 'unknown') throw reject('ACCOUNT_UNKNOWN', `account ${agg.aggregateId} does not exist`)
  if (agg.status === 'closed') throw reject('ACCOUNT_CLOSED', `account ${agg.aggregateId} is closed`)
}
