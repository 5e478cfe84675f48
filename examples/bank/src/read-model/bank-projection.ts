import type { BankDomain } from '../bank-domain.js'
import type { BalanceRow, BankView } from './bank-view.js'

/**
 * The handler that keeps a {@link BankView} up to date from the `account` stream.
 * Delivery is at-least-once, so every change is applied only if the event's version is
 * newer than the row's: handling an event twice changes nothing.
 *
 * @example
 * ```ts
 * const view = new BankView()
 * const projection = createBankProjection(createHandler, view)
 * await projection.runOnce() // { handled, position }
 * view.allBalances()
 * ```
 */
export function createBankProjection(createHandler: BankDomain['createHandler'], view: BankView) {
  const handler = createHandler('bank-view', ['account'], { batchSize: 100, tailInterval: 50 })

  const update = (accountId: string, version: number, change: (row: BalanceRow) => Partial<BalanceRow>) => {
    const row = view.balance(accountId)
    if (row === undefined || version <= row.version) return false
    view.putBalance({ ...row, ...change(row), version })
    return true
  }

  handler.handle('account', 'opened', async (accountId, ev, envelope) => {
    if (view.balance(accountId) !== undefined) return
    view.putBalance({ accountId, owner: ev.owner, balance: 0, status: 'open', version: envelope.version })
  })

  handler.handle('account', 'deposited', async (accountId, ev, envelope) => {
    if (!update(accountId, envelope.version, (row) => ({ balance: row.balance + ev.amount }))) return
    if (ev.transfer !== undefined) view.setTransferStatus(ev.transfer.id, 'completed')
  })

  handler.handle('account', 'withdrawn', async (accountId, ev, envelope) => {
    if (!update(accountId, envelope.version, (row) => ({ balance: row.balance - ev.amount }))) return
    if (ev.transfer === undefined) return
    view.insertTransfer({
      transferId: ev.transfer.id,
      from: accountId,
      to: ev.transfer.counterparty,
      amount: ev.amount,
      status: 'pending',
    })
  })

  handler.handle('account', 'refunded', async (accountId, ev, envelope) => {
    if (!update(accountId, envelope.version, (row) => ({ balance: row.balance + ev.amount }))) return
    view.setTransferStatus(ev.transferId, 'refunded')
  })

  handler.handle('account', 'closed', async (accountId, _ev, envelope) => {
    update(accountId, envelope.version, () => ({ status: 'closed' }))
  })

  return handler
}
