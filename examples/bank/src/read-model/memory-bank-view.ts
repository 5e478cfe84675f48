import { byAccountId, type BalanceRow, type BankView, type LedgerRow } from './bank-view.js'

/**
 * A {@link BankView} kept in process memory: gone when the process exits. Used by the
 * unit tests and whenever the events themselves are in memory.
 *
 * @example
 * ```ts
 * const bank = createBank(createMemoryProvider(), new MemoryBankView())
 * ```
 */
export class MemoryBankView implements BankView {
  private readonly balances = new Map<string, BalanceRow>()
  private readonly ledger = new Map<string, LedgerRow>()

  async balance(accountId: string): Promise<BalanceRow | undefined> {
    const row = this.balances.get(accountId)
    return row === undefined ? undefined : { ...row }
  }

  async allBalances(): Promise<BalanceRow[]> {
    return [...this.balances.values()].sort(byAccountId).map((r) => ({ ...r }))
  }

  async transfers(): Promise<LedgerRow[]> {
    return [...this.ledger.values()].map((r) => ({ ...r }))
  }

  async putBalance(row: BalanceRow): Promise<void> {
    this.balances.set(row.accountId, { ...row })
  }

  async insertTransfer(row: LedgerRow): Promise<void> {
    if (!this.ledger.has(row.transferId)) this.ledger.set(row.transferId, { ...row })
  }

  async setTransferStatus(transferId: string, status: LedgerRow['status']): Promise<void> {
    const row = this.ledger.get(transferId)
    if (row !== undefined) row.status = status
  }

  async clear(): Promise<void> {
    this.balances.clear()
    this.ledger.clear()
  }
}
