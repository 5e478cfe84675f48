import type { BankDomain } from '../bank-domain.js'
import type { BalanceRow, BankView } from './bank-view.js'

/**
 * The handler that keeps a {@link BankView} up to date from the `account` stream.
 * Delivery is at-least-once, so a balance changes only if the event's version is newer
 * than the row's, and ledger writes are idempotent (insert-if-missing; a transfer only
 * moves from pending to completed or refunded): handling an event twice changes nothing,
 * even if the process stopped halfway through an event the first time.
 *
 * @example
 * ```ts
 * const view = new MemoryBankView()
 * const projection = createBankProjection(createHandler, view)
 * await projection.runOnce() // { handled, position }
 * await view.allBalances()
 * ```
 */
export function createBankProjection(createHandler: BankDomain['createHandler'], view: BankView) {
  const handler = createHandler('bank-view', ['account'], { batchSize: 100, tailInterval: 50 })

  const update = async (
    accountId: string,
    version: number,
    change: (row: BalanceRow) => Partial<BalanceRow>,
  ): Promise<boolean> => {
    const row = await view.balance(accountId)
    if (row === undefined || version <= row.version) return false
    await view.putBalance({ ...row, ...change(row), version })
    return true
  }

  handler.handle('account', 'opened', async (accountId, ev, envelope) => {
    if ((await view.balance(accountId)) !== undefined) return
    await view.putBalance({
      accountId,
      owner: ev.owner,
      balance: 0,
      status: 'open',
      version: envelope.version,
    })
  })

  handler.handle('account', 'deposited', async (accountId, ev, envelope) => {
    await update(accountId, envelope.version, (row) => ({ balance: row.balance + ev.amount }))
    if (ev.transfer !== undefined) await view.setTransferStatus(ev.transfer.id, 'completed')
  })

  handler.handle('account', 'withdrawn', async (accountId, ev, envelope) => {
    await update(accountId, envelope.version, (row) => ({ balance: row.balance - ev.amount }))
    if (ev.transfer === undefined) return
    await view.insertTransfer({
      transferId: ev.transfer.id,
      from: accountId,
      to: ev.transfer.counterparty,
      amount: ev.amount,
      status: 'pending',
    })
  })

  handler.handle('account', 'refunded', async (accountId, ev, envelope) => {
    await update(accountId, envelope.version, (row) => ({ balance: row.balance + ev.amount }))
    await view.setTransferStatus(ev.transferId, 'refunded')
  })

  handler.handle('account', 'closed', async (accountId, _ev, envelope) => {
    await update(accountId, envelope.version, () => ({ status: 'closed' }))
  })

  return handler
}
