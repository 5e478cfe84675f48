// Small statistics and timing helpers shared by the scenarios.

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export const now = () => performance.now()

/** The median of numbers (undefined for none). */
export function median(values) {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The p-th percentile (0–100) by nearest rank (undefined for none). */
export function percentile(values, p) {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

/** Runs `fn` and resolves to its duration in milliseconds. */
export async function timed(fn) {
  const start = now()
  await fn()
  return now() - start
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
