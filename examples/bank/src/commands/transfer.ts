import { isCommandError } from '@evtstore/core'
import { reject } from '../domain/rules.js'
import type { AccountCommands } from './account-commands.js'

/** A request to move money between two accounts. */
export interface TransferRequest {
  /** Unique per transfer; becomes the correlation id of every event it causes. */
  transferId: string
  from: string
  to: string
  amount: number
}

/**
 * Moves money between two accounts: a withdrawal on `from`, then a deposit on `to`.
 * Both events carry the transfer id as `meta.correlationId`. An event store appends to
 * one aggregate atomically, not to two, so if the deposit is refused (closed or unknown
 * account) the withdrawal is compensated by a `refunded` event on `from`, and the
 * transfer fails with a `CommandError` (`TRANSFER_REFUNDED`) whose cause is the refusal.
 *
 * Any other failure (the database is unreachable, say) is rethrown without compensating:
 * whether the deposit was stored is then unknown. Each step uses an idempotency key
 * derived from the transfer id, so running the same transfer again finishes it without
 * moving the money twice.
 *
 * @example
 * ```ts
 * await transfer(accounts, { transferId: 't-1', from: 'acc-ada', to: 'acc-bob', amount: 2_500 })
 * ```
 */
export async function transfer(accounts: AccountCommands, request: TransferRequest): Promise<void> {
  const { transferId, from, to, amount } = request
  if (from === to) throw reject('SAME_ACCOUNT', `transfer ${transferId} names ${from} on both sides`)
  const meta = { correlationId: transferId }

  await accounts.withdraw(
    from,
    { amount, transfer: { id: transferId, counterparty: to } },
    { meta, idempotencyKey: `${transferId}/withdraw` },
  )
  try {
    await accounts.deposit(
      to,
      { amount, transfer: { id: transferId, counterparty: from } },
      { meta, idempotencyKey: `${transferId}/deposit` },
    )
  } catch (err) {
    if (!isCommandError(err)) throw err
    await accounts.refund(
      from,
      { amount, transferId, reason: err.message },
      { meta, idempotencyKey: `${transferId}/refund` },
    )
    throw reject(
      'TRANSFER_REFUNDED',
      `transfer ${transferId} refunded: ${err.message}`,
      { transferId, from, to, amount },
      err,
    )
  }
}
