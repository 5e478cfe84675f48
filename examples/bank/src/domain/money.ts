/**
 * Formats whole cents as dollars (anything else as a raw number of cents).
 *
 * @example
 * ```ts
 * money(12_345) // '$123.45'
 * money(-5)     // '-$0.05'
 * ```
 */
export function money(cents: number): string {
  if (!Number.isSafeInteger(cents)) return `${cents} cents`
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
