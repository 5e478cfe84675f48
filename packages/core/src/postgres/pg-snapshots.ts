import type { AggregateSnapshot, SnapshotRequest } from '../provider.js'
import { decodeJson } from '../toolkit/json-codec.js'
import type { SqlRun, SqlStatement } from '../toolkit/sql-statement.js'
import type { PgTables } from './pg-tables.js'

/**
 * The statement reading one aggregate's snapshot (at most one row: the table's key is
 * (stream, aggregate_id)).
 *
 * @example
 * ```ts
 * const { text, values } = pgReadSnapshotStatement(tables, { stream: 'account', aggregateId: 'a-1' })
 * ```
 */
export function pgReadSnapshotStatement(tables: PgTables, request: SnapshotRequest): SqlStatement {
  return {
    text: `SELECT snapshot_key, version, state FROM ${tables.snapshots.sql} WHERE stream = $1::text AND aggregate_id = $2::text`,
    values: [request.stream, request.aggregateId],
  }
}

/**
 * The statement storing one aggregate's snapshot: an upsert on (stream, aggregate_id), so
 * the last write wins whatever its key.
 *
 * @example
 * ```ts
 * const { text, values } = pgWriteSnapshotStatement(tables, { stream, aggregateId, key: 'v1', version: 40, state })
 * ```
 */
export function pgWriteSnapshotStatement(tables: PgTables, snapshot: AggregateSnapshot): SqlStatement {
  return {
    text: `INSERT INTO ${tables.snapshots.sql} (stream, aggregate_id, snapshot_key, version, state)
VALUES ($1::text, $2::text, $3::text, $4::integer, $5::jsonb)
ON CONFLICT (stream, aggregate_id) DO UPDATE
SET snapshot_key = EXCLUDED.snapshot_key, version = EXCLUDED.version, state = EXCLUDED.state`,
    values: [snapshot.stream, snapshot.aggregateId, snapshot.key, snapshot.version, JSON.stringify(snapshot.state)],
  }
}

/**
 * The snapshot calls of a Postgres store (`readSnapshot`, `writeSnapshot`) over a driver's `run`.
 *
 * @example
 * ```ts
 * const snapshots = pgSnapshotCalls(tables, run)
 * await snapshots.readSnapshot({ stream: 'account', aggregateId: 'a-1' })
 * ```
 */
export function pgSnapshotCalls(tables: PgTables, run: SqlRun) {
  return {
    /** The stored snapshot of one aggregate, or undefined (one statement). */
    async readSnapshot(request: SnapshotRequest): Promise<AggregateSnapshot | undefined> {
      const [row] = (await run(pgReadSnapshotStatement(tables, request))) as Array<{ snapshot_key: string; version: number; state: unknown }>
      if (row === undefined) return undefined
      return {
        stream: request.stream,
        aggregateId: request.aggregateId,
        key: row.snapshot_key,
        version: Number(row.version),
        state: decodeJson(row.state, 'state') as AggregateSnapshot['state'],
      }
    },
    /** Stores a snapshot, replacing the one stored for the aggregate (one statement). */
    async writeSnapshot(snapshot: AggregateSnapshot): Promise<void> {
      await run(pgWriteSnapshotStatement(tables, snapshot))
    },
  }
}
