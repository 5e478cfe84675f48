import { ValidationError } from '@evtstore/core'
import { pgTables } from '@evtstore/core/postgres'
import type { TableName } from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import type { KnexClientInfo } from './knex-like.js'
import { mysqlDialect } from './mysql-dialect.js'
import { postgresDialect } from './postgres-dialect.js'
import { sqliteDialect } from './sqlite-dialect.js'

/**
 * Picks the SQL for the knex client's dialect: better-sqlite3 or sqlite3 (one SQLite
 * dialect: both answer `knex.raw` with an array of rows), pg, or mysql2/mysql.
 * Any other client is refused with a `ValidationError` (before any query).
 *
 * @example
 * ```ts
 * selectDialect(db.client, events, bookmarks).name // 'sqlite'
 * ```
 */
export function selectDialect(info: KnexClientInfo, events: TableName, bookmarks: TableName): Dialect {
  const dialect = String(info.dialect)
  const driver = String(info.driverName)
  if (dialect === 'sqlite3' && (driver === 'better-sqlite3' || driver === 'sqlite3')) return sqliteDialect(events, bookmarks)
  if (dialect === 'postgresql' && driver === 'pg') {
    return postgresDialect(pgTables({ events: events.raw, bookmarks: bookmarks.raw }))
  }
  if (dialect === 'mysql' && (driver === 'mysql2' || driver === 'mysql'))
    return mysqlDialect(events, bookmarks)
  throw new ValidationError(
    'options.client',
    `knex client ${driver} (${dialect}) is not supported: use better-sqlite3 or sqlite3 (SQLite), pg, or mysql2 (MariaDB/MySQL)`,
  )
}
