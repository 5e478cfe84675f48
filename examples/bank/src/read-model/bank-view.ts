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
 * The read side of the bank: a balances table and a ledger of transfers. The projection
 * writes it; queries read it. Two implementations: {@link MemoryBankView} (process memory,
 * for tests) and `SqlBankView` (tables next to the events, so the view outlives the
 * process together with the handler's bookmark).
 *
 * @example
 * ```ts
 * const view: BankView = new MemoryBankView()
 * await view.balance('acc-ada') // undefined until the projection has seen the account
 * ```
 */
export interface BankView {
  /** The balances row of one account. */
  balance(accountId: string): Promise<BalanceRow | undefined>
  /** Every balances row, sorted by account id (code-unit order). */
  allBalances(): Promise<BalanceRow[]>
  /** Every transfer, in the order they started. */
  transfers(): Promise<LedgerRow[]>
  /** Inserts or replaces a balances row. */
  putBalance(row: BalanceRow): Promise<void>
  /** Inserts a ledger row unless the transfer is already there. */
  insertTransfer(row: LedgerRow): Promise<void>
  /** Moves a transfer to a new status; unknown transfers are ignored. */
  setTransferStatus(transferId: string, status: LedgerRow['status']): Promise<void>
  /** Empties both tables, before a replay. */
  clear(): Promise<void>
}

/**
 * Orders balances rows by account id, comparing UTF-16 code units (the same order in
 * every implementation, whatever the locale).
 *
 * @example
 * ```ts
 * rows.sort(byAccountId)
 * ```
 */
export function byAccountId(a: BalanceRow, b: BalanceRow): number {
  return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0
}
