import type { Position } from '../position.js'
import type { LeaseHolder, LeaseRequest } from '../provider.js'
import type { SqlStatement } from '../toolkit/sql-statement.js'
import type { PgTables } from './pg-tables.js'

/** Milliseconds since the epoch on the server's clock, as bigint. */
const NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`

/**
 * Takes or renews a lease in one statement: an upsert that only updates a row its owner
 * holds or that has expired (on the server's clock). The token stays for the same owner
 * and goes up by one for a new one. Zero rows back: another owner holds it. Concurrent
 * callers queue on the row lock, and each re-checks the row the previous one left.
 *
 * @example
 * ```ts
 * const { text, values } = pgAcquireLeaseStatement(tables, { name: 'balances', owner: 'host:42:ab', ttlMs: 10_000 })
 * ```
 */
export function pgAcquireLeaseStatement(tables: PgTables, request: LeaseRequest): SqlStatement {
  const text = `INSERT INTO ${tables.leases.sql} AS l (name, owner, token, expires_at)
VALUES ($1::text, $2::text, 1, ${NOW_MS} + $3::bigint)
ON CONFLICT (name) DO UPDATE
SET token = CASE WHEN l.owner = excluded.owner THEN l.token ELSE l.token + 1 END,
    owner = excluded.owner,
    expires_at = excluded.expires_at
WHERE l.owner = excluded.owner OR l.expires_at <= ${NOW_MS}
RETURNING token::text AS token`
  return { text, values: [request.name, request.owner, request.ttlMs] }
}

/**
 * Ends a lease now if `holder` still holds it (its expiry becomes 0).
 *
 * @example
 * ```ts
 * const { text, values } = pgReleaseLeaseStatement(tables, 'balances', { owner: 'host:42:ab', token: 3 })
 * ```
 */
export function pgReleaseLeaseStatement(tables: PgTables, name: string, holder: LeaseHolder): SqlStatement {
  return {
    text: `UPDATE ${tables.leases.sql} SET expires_at = 0 WHERE name = $1::text AND owner = $2::text AND token = $3::bigint`,
    values: [name, holder.owner, holder.token],
  }
}

/**
 * Saves a bookmark only while `holder` holds the lease of the same name, in one statement:
 * the lease row is read `FOR SHARE`, so a takeover (an `UPDATE` of that row) waits for
 * this write to commit, and a write that starts after a takeover finds another token and
 * writes nothing. One row back (`saved`): written; none: the lease was lost.
 *
 * @example
 * ```ts
 * const { text, values } = pgFencedBookmarkStatement(tables, 'balances', '42', { owner: 'host:42:ab', token: 3 })
 * ```
 */
export function pgFencedBookmarkStatement(tables: PgTables, name: string, position: Position, holder: LeaseHolder): SqlStatement {
  const text = `WITH holder AS (
  SELECT name FROM ${tables.leases.sql}
  WHERE name = $1::text AND owner = $3::text AND token = $4::bigint AND expires_at > ${NOW_MS}
  FOR SHARE
)
INSERT INTO ${tables.bookmarks.sql} (name, position)
SELECT $1::text, $2::numeric FROM holder
ON CONFLICT (name) DO UPDATE SET position = excluded.position
RETURNING 1 AS saved`
  return { text, values: [name, position, holder.owner, holder.token] }
}
