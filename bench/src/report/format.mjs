// Number formatting for the report.

/** 12,345 / 1,234 / 123 / 12.3 / 1.23 */
export function number(n) {
  if (n === undefined || Number.isNaN(n)) return '–'
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  if (n >= 10) return n.toFixed(1)
  return n.toFixed(2)
}

/** A ratio as 0.85× */
export const ratio = (r) => (r === undefined ? '–' : `${r.toFixed(2)}×`)

/** An event count as 10k / 1M / 2,000 */
export function count(n) {
  if (n === undefined) return '?'
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`
  if (n >= 10_000 && n % 1000 === 0) return `${n / 1000}k`
  return n.toLocaleString('en-US')
}
