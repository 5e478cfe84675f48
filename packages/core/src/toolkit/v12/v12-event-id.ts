import { createHash } from 'node:crypto'

/**
 * The event id a copied evtstore@12 event gets: UUID-shaped (version 8, RFC 9562 variant)
 * hex from sha256 of the stream, aggregate id and version, which v12 keeps unique. The
 * same event always gets the same id, so a second run of a migration recognises what the
 * first one copied.
 *
 * @example
 * ```ts
 * v12EventId('account', 'a-1', 3) // the same UUID-shaped id on every call
 * ```
 */
export function v12EventId(stream: string, aggregateId: string, version: number): string {
  const bytes = createHash('sha256').update(JSON.stringify(['evtstore@12', stream, aggregateId, version])).digest()
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
