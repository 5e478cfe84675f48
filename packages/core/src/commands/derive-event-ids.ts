import { createHash } from 'node:crypto'

/**
 * Derives `count` event ids from an idempotency key: UUID-shaped (version 8, RFC 9562
 * variant) hex taken from sha256 of the stream, aggregate id, command name, key and the
 * event's index. The same inputs always give the same ids, so a retried command whose
 * events are already stored is recognised by its first id. A key identifies one command
 * call: the same key used with another command gives other ids.
 *
 * @example
 * ```ts
 * deriveEventIds('account', 'a-1', 'deposit', 'req-42', 2)
 * // ['3f0c…-…-8…', '…'] — identical on every call
 * ```
 */
export function deriveEventIds(stream: string, aggregateId: string, command: string, key: string, count: number): string[] {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const bytes = createHash('sha256').update(JSON.stringify([stream, aggregateId, command, key, index])).digest()
    bytes[6] = (bytes[6]! & 0x0f) | 0x80 // version 8: custom
    bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 9562 variant
    const hex = bytes.subarray(0, 16).toString('hex')
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`)
  }
  return ids
}
