import { isCommandError } from '@evtstore/core'
import type { Bank } from '../bank.js'
import type { TransferRequest } from '../commands/transfer.js'
import { money } from '../domain/money.js'
import type { Log } from './format.js'

/** What sending a transfer again did. */
export interface ResendOutcome {
  transferId: string
  /** Events appended to the two accounts by the repeat: 0 when the keys were already stored. */
  appended: number
  /** The rule message when the repeat was refused (an earlier run stopped before the accounts were ready). */
  refused?: string
}

/**
 * Sends a transfer that was already sent (by this run or an earlier one) again, with the
 * same transfer id and so the same idempotency keys, and reports whether anything was
 * appended. A transfer that completed is not applied twice: its events are found by
 * their ids and the commands return without appending.
 *
 * @example
 * ```ts
 * const outcome = await resendTransfer(bank, { transferId: 'r1-tr-1', from, to, amount: 2_500 }, console.log)
 * outcome.appended // 0
 * ```
 */
export async function resendTransfer(bank: Bank, request: TransferRequest, log: Log): Promise<ResendOutcome> {
  const { transferId, from, to } = request
  const versions = async () =>
    Promise.all([from, to].map(async (id) => (await bank.domain.account.getAggregate(id)).version))
  const before = await versions()
  log(`Sending ${transferId} (${from} -> ${to}, ${money(request.amount)}) again, same idempotency keys:`)
  try {
    await bank.transfer(request)
  } catch (err) {
    if (!isCommandError(err)) throw err
    log(`  refused: ${err.message}`)
    return { transferId, appended: sum(await versions()) - sum(before), refused: err.message }
  }
  const after = await versions()
  const appended = sum(after) - sum(before)
  const where = `${from} stays at version ${after[0]}, ${to} at version ${after[1]}`
  log(
    appended === 0
      ? `  nothing appended: ${where}; the money moved once`
      : `  ${appended} event(s) appended: the earlier attempt had not finished, this one completed it`,
  )
  return { transferId, appended }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
