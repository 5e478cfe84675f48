/** MongoDB's (and FerretDB's) duplicate-key error code. */
export const DUPLICATE_KEY = 11000

/**
 * Whether a driver error is a duplicate-key error (code 11000), also as the write
 * errors of an unordered bulk insert. It says nothing about which index clashed:
 * FerretDB's errors carry no index name, so callers find out by reading.
 *
 * @example
 * ```ts
 * try { await events.insertOne(doc) } catch (err) { if (!isDuplicateKey(err)) throw err }
 * ```
 */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { code, writeErrors } = err as { code?: unknown; writeErrors?: unknown }
  if (code === DUPLICATE_KEY) return true
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors === undefined ? [] : [writeErrors]
  return list.length > 0 && list.some((e) => (e as { code?: unknown })?.code === DUPLICATE_KEY)
}
