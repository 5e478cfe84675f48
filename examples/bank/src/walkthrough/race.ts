import { isVersionConflictError, type VersionConflictError } from '@evtstore/core'
import type { Bank } from '../bank.js'
import { money } from '../domain/money.js'
import type { Log } from './format.js'

/** What happened when two withdrawals raced on one account. */
export interface RaceOutcome {
  /** How many of the two attempts lost with a `VersionConflictError` on the first try. */
  conflicts: number
  /** The conflict errors, as thrown. */
  errors: VersionConflictError[]
  /** The account's version after the losers were retried. */
  finalVersion: number
  finalBalance: number
}

type Attempt =
  | { label: string; amount: number; ok: true; version: number }
  | { label: string; amount: number; ok: false; error: VersionConflictError }

/**
 * Runs two withdrawals on one account at the same time, using commands with
 * `retries: 0` so a lost race is not hidden. Both load the account at the same version;
 * the first append wins and the other is refused with `VersionConflictError` (nothing
 * of it is stored). The loser is then retried by hand: the retry reloads the account at
 * its new version and applies the rules again. `createCommands(..., { retries: n })` does
 * exactly this for you.
 *
 * @example
 * ```ts
 * const outcome = await raceWithdrawals(bank, 'acc-ada', [3_000, 2_000], console.log)
 * outcome.conflicts // 1
 * ```
 */
export async function raceWithdrawals(
  bank: Bank,
  accountId: string,
  amounts: readonly [number, number],
  log: Log,
): Promise<RaceOutcome> {
  const attempt = async (label: string, amount: number): Promise<Attempt> => {
    try {
      const state = await bank.accountsNoRetry.withdraw(accountId, { amount })
      return { label, amount, ok: true, version: state.version }
    } catch (err) {
      if (isVersionConflictError(err)) return { label, amount, ok: false, error: err }
      throw err
    }
  }

  const before = await bank.domain.account.getAggregate(accountId)
  log(`${accountId} is at version ${before.version} with ${money(before.balance)}.`)
  log(`Withdrawals A (${money(amounts[0])}) and B (${money(amounts[1])}) start together (retries: 0):`)
  const results = await Promise.all([attempt('A', amounts[0]), attempt('B', amounts[1])])

  const errors: VersionConflictError[] = []
  for (const result of results) {
    if (result.ok) {
      log(`  ${result.label}: stored, ${accountId} is now at version ${result.version}`)
    } else {
      errors.push(result.error)
      log(`  ${result.label}: ${result.error.name} (${result.error.code}): ${result.error.message}`)
    }
  }

  for (const lost of results.filter((r) => !r.ok)) {
    const state = await retryOnConflict(() =>
      bank.accountsNoRetry.withdraw(accountId, { amount: lost.amount }),
    )
    log(`  ${lost.label} retried: reloaded the account, rules passed, stored at version ${state.version}`)
  }
  if (errors.length === 0) log('  Both were stored without a conflict this time.')

  const after = await bank.domain.account.getAggregate(accountId)
  log(
    `${accountId} is at version ${after.version} with ${money(after.balance)}: both withdrawals counted once.`,
  )
  return { conflicts: errors.length, errors, finalVersion: after.version, finalBalance: after.balance }
}

async function retryOnConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run()
    } catch (err) {
      if (!isVersionConflictError(err) || i >= attempts) throw err
    }
  }
}
