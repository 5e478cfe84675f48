import type { LeaseDefinition, SqlRun, TableName } from '@evtstore/core/toolkit'
import type { KnexConnection } from './knex-like.js'

/** Milliseconds since the epoch on SQLite's clock (`'now'` is fixed for one statement). */
const SQLITE_NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`

/** Milliseconds since the epoch on the MariaDB/MySQL server's clock. */
const MYSQL_NOW_MS = `CAST(ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000) AS SIGNED)`

/** ER_DUP_ENTRY and ER_LOCK_DEADLOCK: two first acquires of one lease raced; the loser gets none. */
const LOST_RACE_ERRNOS = new Set([1062, 1213])

/** The `CREATE TABLE` of the leases table on SQLite. */
export function sqliteLeaseTable(leases: TableName): string {
  return `CREATE TABLE IF NOT EXISTS ${leases.sql} (
  name TEXT NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  token INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
)`
}

/** The `CREATE TABLE` of the leases table on MariaDB/MySQL (`quoted`: the table in backticks). */
export function mysqlLeaseTable(quoted: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoted} (
  name VARBINARY(512) NOT NULL,
  owner VARBINARY(255) NOT NULL,
  token BIGINT UNSIGNED NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB`
}

const rows = async <T>(run: SqlRun, text: string, values: readonly unknown[]) => (await run({ text, values })) as T[]

/**
 * Leases on SQLite: each call is one statement, and SQLite runs one writer at a time,
 * so the check and the write of each are atomic. The expiry is on SQLite's clock (the
 * machine's, which every process on one database file shares).
 */
export function sqliteLeases(run: SqlRun, leases: TableName, bookmarks: TableName): LeaseDefinition {
  const table = leases.sql
  return {
    async acquire({ name, owner, ttlMs }) {
      const [row] = await rows<{ token: unknown }>(
        run,
        `INSERT INTO ${table} (name, owner, token, expires_at) VALUES (?, ?, 1, ${SQLITE_NOW_MS} + ?)
ON CONFLICT (name) DO UPDATE
SET token = CASE WHEN ${table}.owner = excluded.owner THEN ${table}.token ELSE ${table}.token + 1 END,
    owner = excluded.owner,
    expires_at = excluded.expires_at
WHERE ${table}.owner = excluded.owner OR ${table}.expires_at <= ${SQLITE_NOW_MS}
RETURNING token`,
        [name, owner, ttlMs],
      )
      return row === undefined ? undefined : Number(row.token)
    },
    async release(name, holder) {
      await run({ text: `UPDATE ${table} SET expires_at = 0 WHERE name = ? AND owner = ? AND token = ?`, values: [name, holder.owner, holder.token] })
    },
    async setFencedBookmark(name, position, holder) {
      const saved = await rows(
        run,
        `INSERT INTO ${bookmarks.sql} (name, position)
SELECT ?, ? WHERE EXISTS (SELECT 1 FROM ${table} WHERE name = ? AND owner = ? AND token = ? AND expires_at > ${SQLITE_NOW_MS})
ON CONFLICT (name) DO UPDATE SET position = excluded.position
RETURNING 1 AS saved`,
        [name, position, name, holder.owner, holder.token],
      )
      return saved.length > 0
    },
  }
}

/**
 * Leases on MariaDB/MySQL, each call one short transaction: the lease row is locked
 * (`FOR UPDATE` to take it, `LOCK IN SHARE MODE` for a fenced bookmark write) before it
 * is checked, so a takeover and a fenced write of the old holder cannot interleave. Two
 * processes creating a new lease at once clash on its key (or deadlock on the gap lock):
 * the loser is told the lease is held. The expiry is on the server's clock.
 */
export function mysqlLeases(connection: KnexConnection, quotedLeases: string, quotedBookmarks: string): LeaseDefinition {
  return {
    async acquire({ name, owner, ttlMs }) {
      try {
        return await connection.transaction(async (run) => {
          const [row] = await rows<{ owner: unknown; token: unknown; expired: unknown }>(
            run,
            `SELECT owner, CAST(token AS CHAR) AS token, expires_at <= ${MYSQL_NOW_MS} AS expired FROM ${quotedLeases} WHERE name = ? FOR UPDATE`,
            [name],
          )
          if (row === undefined) {
            await run({ text: `INSERT INTO ${quotedLeases} (name, owner, token, expires_at) VALUES (?, ?, 1, ${MYSQL_NOW_MS} + ?)`, values: [name, owner, ttlMs] })
            return 1
          }
          const holder = Buffer.isBuffer(row.owner) ? row.owner.toString('utf8') : String(row.owner)
          if (holder !== owner && Number(row.expired) !== 1) return undefined
          const token = holder === owner ? Number(row.token) : Number(row.token) + 1
          await run({
            text: `UPDATE ${quotedLeases} SET owner = ?, token = ?, expires_at = ${MYSQL_NOW_MS} + ? WHERE name = ?`,
            values: [owner, token, ttlMs, name],
          })
          return token
        })
      } catch (err) {
        if (LOST_RACE_ERRNOS.has(Number((err as { errno?: unknown } | null)?.errno))) return undefined
        throw err
      }
    },
    async release(name, holder) {
      await connection.run({
        text: `UPDATE ${quotedLeases} SET expires_at = 0 WHERE name = ? AND owner = ? AND token = ?`,
        values: [name, holder.owner, holder.token],
      })
    },
    async setFencedBookmark(name, position, holder) {
      return connection.transaction(async (run) => {
        const held = await rows(
          run,
          `SELECT name FROM ${quotedLeases} WHERE name = ? AND owner = ? AND token = ? AND expires_at > ${MYSQL_NOW_MS} LOCK IN SHARE MODE`,
          [name, holder.owner, holder.token],
        )
        if (held.length === 0) return false
        await run({
          text: `INSERT INTO ${quotedBookmarks} (name, position) VALUES (?, CAST(? AS DECIMAL(40, 0))) ON DUPLICATE KEY UPDATE position = VALUES(position)`,
          values: [name, position],
        })
        return true
      })
    },
  }
}
