import type { AggregateSnapshot, SnapshotRequest } from '@evtstore/core'
import { decodeJson, derivedName, parseTableName, type SqlStatement, type TableName } from '@evtstore/core/toolkit'
import { text } from './event-row.js'

/**
 * The snapshots table of a store: the events table's name with `_snapshots` appended (cut
 * and tagged with a hash past 63 characters, like every derived name), in the events
 * table's schema, as `@evtstore/core/postgres` names it on Postgres.
 *
 * @example
 * ```ts
 * snapshotTableOf(parseTableName('app.events', 'events')).raw // 'app.events_snapshots'
 * ```
 */
export function snapshotTableOf(events: TableName, path = 'options.events'): TableName {
  const name = derivedName(events, 'snapshots')
  return parseTableName(events.schema === undefined ? name : `${events.schema}.${name}`, path)
}

/** One row of a snapshots table as the read selects it (text columns may come back as bytes). */
export interface SnapshotRow {
  snapshot_key: unknown
  version: unknown
  state: unknown
}

/** The snapshot statements of one SQL dialect (`?` placeholders). */
export interface SnapshotStatements {
  /** Creates the table (primary key (stream, aggregate_id)); safe to run again. */
  create: string
  /** Selects every column the provider uses, so a table of another shape fails at migrate time. */
  columns: string
  /** Zero or one {@link SnapshotRow} of the aggregate. */
  read(request: SnapshotRequest): SqlStatement
  /** One upsert on (stream, aggregate_id): the last write wins, whatever its key and version. */
  write(snapshot: AggregateSnapshot): SqlStatement
}

const COLUMNS = 'stream, aggregate_id, snapshot_key, version, state'

function writeValues(snapshot: AggregateSnapshot): unknown[] {
  return [snapshot.stream, snapshot.aggregateId, snapshot.key, snapshot.version, JSON.stringify(snapshot.state)]
}

/**
 * The snapshots table on SQLite: text columns, the state as JSON text, the upsert with
 * `ON CONFLICT (stream, aggregate_id) DO UPDATE` (one statement, atomic on its own).
 *
 * @example
 * ```ts
 * const snapshots = sqliteSnapshotStatements(snapshotTableOf(events))
 * await run(snapshots.write({ stream: 'account', aggregateId: 'a-1', key: 'v1', version: 40, state }))
 * ```
 */
export function sqliteSnapshotStatements(table: TableName): SnapshotStatements {
  const sql = table.sql
  return {
    create: `CREATE TABLE IF NOT EXISTS ${sql} (
  stream TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  snapshot_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (stream, aggregate_id)
)`,
    columns: `SELECT ${COLUMNS} FROM ${sql} LIMIT 0`,
    read: (request) => ({
      text: `SELECT snapshot_key, version, state FROM ${sql} WHERE stream = ? AND aggregate_id = ?`,
      values: [request.stream, request.aggregateId],
    }),
    write: (snapshot) => ({
      text: `INSERT INTO ${sql} (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (stream, aggregate_id) DO UPDATE
SET snapshot_key = excluded.snapshot_key, version = excluded.version, state = excluded.state`,
      values: writeValues(snapshot),
    }),
  }
}

/**
 * The upsert of {@link sqliteSnapshotStatements}, writing nothing: SQLite refuses it
 * when the table has no primary key or unique index on (stream, aggregate_id), so a table
 * of the same name but another shape fails at migrate time rather than at the first write.
 */
export function sqliteSnapshotKeyCheck(table: TableName): string {
  return `INSERT INTO ${table.sql} (${COLUMNS}) SELECT '', '', '', 1, '{}' WHERE 0
ON CONFLICT (stream, aggregate_id) DO NOTHING`
}

/**
 * The snapshots table on MariaDB/MySQL (`quoted`: the table in backticks): stream and
 * aggregate id `VARBINARY(512)` like the events', the key as bytes, the state `JSON`; the
 * upsert with `ON DUPLICATE KEY UPDATE` on the primary key (one statement).
 *
 * @example
 * ```ts
 * const snapshots = mysqlSnapshotStatements('`events_snapshots`')
 * ```
 */
export function mysqlSnapshotStatements(quoted: string): SnapshotStatements {
  return {
    create: `CREATE TABLE IF NOT EXISTS ${quoted} (
  stream VARBINARY(512) NOT NULL,
  aggregate_id VARBINARY(512) NOT NULL,
  snapshot_key BLOB NOT NULL,
  version INT UNSIGNED NOT NULL,
  state JSON NOT NULL,
  PRIMARY KEY (stream, aggregate_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    columns: `SELECT ${COLUMNS} FROM ${quoted} LIMIT 0`,
    read: (request) => ({
      text: `SELECT snapshot_key, version, state FROM ${quoted} WHERE stream = ? AND aggregate_id = ?`,
      values: [request.stream, request.aggregateId],
    }),
    write: (snapshot) => ({
      text: `INSERT INTO ${quoted} (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE snapshot_key = VALUES(snapshot_key), version = VALUES(version), state = VALUES(state)`,
      values: writeValues(snapshot),
    }),
  }
}

/**
 * The snapshot of `request` from the row a read returned, or `undefined` without one.
 *
 * @example
 * ```ts
 * const snapshot = snapshotFromRow(request, rows[0])
 * ```
 */
export function snapshotFromRow(request: SnapshotRequest, row: SnapshotRow | undefined): AggregateSnapshot | undefined {
  if (row === undefined) return undefined
  return {
    stream: request.stream,
    aggregateId: request.aggregateId,
    key: text(row.snapshot_key),
    version: Number(row.version),
    state: decodeJson(row.state, 'state') as AggregateSnapshot['state'],
  }
}
