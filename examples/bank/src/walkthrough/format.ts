import { money } from '../domain/money.js'
import type { BalanceRow, LedgerRow } from '../read-model/bank-view.js'

/** Where the walkthrough writes its lines (console.log in `main`, an array in tests). */
export type Log = (line: string) => void

/**
 * Lays rows out as a plain-text table: a header, a rule, then one line per row.
 *
 * @example
 * ```ts
 * table(['id', 'balance'], [['acc-ada', '$25.00']])
 * // ['id       balance', '-------  -------', 'acc-ada  $25.00']
 * ```
 */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

/**
 * The balances table as text lines.
 *
 * @example
 * ```ts
 * for (const line of balancesTable(view.allBalances())) console.log(line)
 * ```
 */
export function balancesTable(rows: BalanceRow[]): string[] {
  return table(
    ['account', 'owner', 'balance', 'status', 'version'],
    rows.map((r) => [r.accountId, r.owner, money(r.balance), r.status, String(r.version)]),
  )
}

/**
 * The transfer ledger as text lines.
 *
 * @example
 * ```ts
 * for (const line of ledgerTable(view.transfers())) console.log(line)
 * ```
 */
export function ledgerTable(rows: LedgerRow[]): string[] {
  return table(
    ['transfer', 'from', 'to', 'amount', 'status'],
    rows.map((r) => [r.transferId, r.from, r.to, money(r.amount), r.status]),
  )
}
