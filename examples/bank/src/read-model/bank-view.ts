/** One row of the balances table. */
export interface BalanceRow {
  accountId: string
  owner: string
  balance: number
  status: 'open' | 'closed'
  /** The last account version applied: events at or below it are skipped (delivery is at-least-once). */
  version: number
}

/** One row of the transfer ledger. */
export interface LedgerRow {
  transferId: string
  from: string
  to: string
  amount: number
  status: 'pending' | 'completed' | 'refunded'
}

/**
 * The read side of the bank: a balances table and a ledger of transfers, kept in
 * process memory. The projection writes it; queries read it.
 *
 * @example
 * ```ts
 * const view = new BankView()
 * view.balance('acc-ada') // undefined until the projection has seen the account
 * ```
 */
export class BankView {
  private readonly balances = new Map<string, BalanceRow>()
  private readonly ledger = new Map<string, LedgerRow>()

  /** The balances row of one account. */
  balance(accountId: string): BalanceRow | undefined {
    const row = this.balances.get(accountId)
    return row === undefined ? undefined : { ...row }
  }

  /** Every balances row, sorted by account id. */
  allBalances(): BalanceRow[] {
    return [...this.balances.values()]
      .sort((a, b) => a.accountId.localeCompare(b.accountId))
      .map((r) => ({ ...r }))
  }

  /** Every transfer, in the order they started. */
  transfers(): LedgerRow[] {
    return [...this.ledger.values()].map((r) => ({ ...r }))
  }

  /** Inserts or replaces a balances row. */
  putBalance(row: BalanceRow): void {
    this.balances.set(row.accountId, { ...row })
  }

  /** Inserts a ledger row unless the transfer is already there. */
  insertTransfer(row: LedgerRow): void {
    if (!this.ledger.has(row.transferId)) this.ledger.set(row.transferId, { ...row })
  }

  /** Moves a transfer to a new status; unknown transfers are ignored. */
  setTransferStatus(transferId: string, status: LedgerRow['status']): void {
    const row = this.ledger.get(transferId)
    if (row !== undefined) row.status = status
  }

  /** Empties both tables, before a replay. */
  clear(): void {
    this.balances.clear()
    this.ledger.clear()
  }
}
