import { quoteLabel, type Neo4jLabels } from './options.js'

/**
 * The Cypher of a store's handler leases, one statement per call. A lease is one node
 * `(:<bookmarks>_Leases {name, owner, token, expiresAt})`, unique by `name`.
 *
 * Every statement first writes a throwaway property of the lease node (`locked`), which
 * takes the node's write lock before any of its properties is read, and removes it again
 * in the same statement. The lock is held until the transaction commits, so the acquires,
 * releases and fenced bookmark writes of one lease run one after another, each reading
 * what the previous one committed: a takeover cannot slip between the check of a fenced
 * write and its bookmark update. Expiry is on the server's clock, read after the lock is
 * held (`datetime.realtime()`; `timestamp()` is fixed when a statement starts, and a
 * statement may wait for the lock).
 */
export interface LeaseCypher {
  /** Takes or renews `$name` for `$owner` for `$ttlMs`; one row (`token` as text) when granted, none when held by another. */
  acquire: string
  /** Ends `$name` now if `$owner` holds it with `$token`. */
  release: string
  /** Sets bookmark `$name` to `$position` if `$owner` holds the lease with `$token` and it has not expired; one row when saved. */
  fencedBookmark: string
}

/** Milliseconds since the epoch on the server's clock at the moment it is evaluated. */
const NOW_MS = 'datetime.realtime().epochMillis'

/**
 * Builds a store's lease statements (labels are the only names in the text; everything
 * else is a parameter).
 *
 * @example
 * ```ts
 * const cypher = leaseCypher({ events: 'Events', counter: 'Events_Counter', bookmarks: 'Bookmarks', leases: 'Bookmarks_Leases' })
 * await tx.run(cypher.acquire, { name: 'balances', owner: 'host:42:ab', ttlMs: 10_000 })
 * ```
 */
export function leaseCypher(labels: Neo4jLabels): LeaseCypher {
  const L = quoteLabel(labels.leases)
  const B = quoteLabel(labels.bookmarks)
  const holds = 'lease.owner = $owner AND lease.token = toInteger($token)'
  return {
    // A new lease node starts at token 0 and expired, so its first owner gets token 1.
    // Two first acquires at once: the unique constraint on name makes the second MERGE
    // wait for the first to commit, then match its node.
    acquire: [
      `MERGE (lease:${L} {name: $name})`,
      'ON CREATE SET lease.token = 0, lease.expiresAt = 0',
      'SET lease.locked = true',
      `WITH lease, ${NOW_MS} AS now`,
      'WITH lease, now, CASE WHEN lease.owner = $owner THEN lease.token WHEN lease.expiresAt <= now THEN lease.token + 1 END AS token',
      'REMOVE lease.locked',
      'WITH lease, now, token WHERE token IS NOT NULL',
      'SET lease.owner = $owner, lease.token = token, lease.expiresAt = now + toInteger($ttlMs)',
      'RETURN toString(token) AS token',
    ].join('\n'),
    release: [
      `MATCH (lease:${L} {name: $name})`,
      'SET lease.locked = true',
      `WITH lease, ${holds} AS held`,
      'REMOVE lease.locked',
      'WITH lease WHERE held',
      'SET lease.expiresAt = 0',
    ].join('\n'),
    fencedBookmark: [
      `MATCH (lease:${L} {name: $name})`,
      'SET lease.locked = true',
      `WITH lease, ${holds} AND lease.expiresAt > ${NOW_MS} AS held`,
      'REMOVE lease.locked',
      'WITH lease WHERE held',
      `MERGE (b:${B} {name: $name})`,
      'SET b.position = $position',
      'RETURN true AS saved',
    ].join('\n'),
  }
}
