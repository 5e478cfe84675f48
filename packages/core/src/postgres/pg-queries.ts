import type { AppendRequest, ReadAggregateRequest, ReadLogRequest } from '../provider.js'
import type { Position } from '../position.js'
import { decodePgPosition } from './pg-position.js'
import type { PgTables } from './pg-tables.js'
import { encodeEventBatch } from '../toolkit/json-codec.js'
import type { SqlStatement } from '../toolkit/sql-statement.js'

/**
 * The stored time as milliseconds since 1970 (a float8 holding an integer): drivers turn a
 * number into a JS value for free, while parsing timestamptz text into a \`Date\` was a
 * tenth of the client's time on a large read. Truncated to the millisecond, exactly as the
 * drivers' own timestamptz parsers truncate, so the \`Date\` is the same.
 *
 * Computed in float8 (\`date_part\`), not numeric (\`extract\`, which is numeric since
 * PostgreSQL 14): half the server's time of a 1,000-row read went to the numeric version.
 * Rounding to whole microseconds first makes it exact: the float8 seconds are within a
 * fraction of a microsecond of the stored integer microseconds for any date this century
 * (checked against the numeric version on 3 million random timestamps, 1971-2090).
 */
const TIMESTAMP_MS = `floor(round(date_part('epoch', "timestamp") * 1000000) / 1000) AS "timestamp"`

/** The columns an aggregate read selects: stream and aggregate id are the request's own. */
const AGGREGATE_EVENT_COLUMNS = `position::text AS position, tx_id::text AS tx_id, version, event_id, payload, meta, ${TIMESTAMP_MS}`

/** The columns every other event read selects; decode the rows with `pgRowToEvent`. */
const EVENT_COLUMNS = `position::text AS position, tx_id::text AS tx_id, stream, aggregate_id, version, event_id, payload, meta, ${TIMESTAMP_MS}`

/**
 * The append: one `INSERT ... SELECT`, one round trip, atomic, no CTE (a data-modifying
 * CTE costs about a third of the statement's speed). The `SELECT` finds the row at the
 * expected version (or, for expected version 0, a single empty row) and inserts the
 * events after it, each stamped with the writer's transaction id — or that row's, if it
 * is later, so the log order of one aggregate always follows its versions. So:
 *
 * - the aggregate at the expected version: every event is stored and one row per event
 *   comes back (`position`, `tx_id`, `version`, `timestamp`), in version order;
 * - the aggregate behind the expected version (a gap): no row matches, nothing is stored
 *   and no row comes back — run {@link pgAppendMissStatement} to tell why;
 * - the aggregate past the expected version (a stale or racing writer): the insert of
 *   version `expectedVersion + 1` fails on the unique (stream, aggregate_id, version)
 *   constraint, which `pgFailure` turns into `VersionConflictError`.
 *
 * Each stored append notifies the store's channel (`tables.channel`) with the stream as
 * payload, delivered when it commits: push wake-ups for running handlers (see
 * `pgAppendSubscriptions`). A notification adds no round trip; the statement is still one.
 * But Postgres commits notifying transactions one at a time (under one lock for the whole
 * database), so concurrent appends that notify cannot commit together: with
 * `{ notify: false }` the statement does not notify, and the caller sends
 * `pgNotifyStatement` after it (as `createPgProvider` does on a pool, see its `notify`).
 *
 * One event is sent as plain parameters; several as one JSON array text unpacked by
 * `jsonb_array_elements`. Decode with `pgAppendResult`.
 *
 * @example
 * ```ts
 * const { text, values } = pgAppendStatement(tables, request)
 * const { rows } = await pool.query(text, values)
 * ```
 */
export function pgAppendStatement(tables: PgTables, request: AppendRequest, options: { notify?: boolean } = {}): SqlStatement {
  const e = tables.events.sql
  const previous = `(SELECT tx_id FROM ${e} WHERE stream = $1::text AND aggregate_id = $2::text AND version = $3::integer
  UNION ALL SELECT NULL::xid8 WHERE $3::integer = 0) AS prev`
  // pg_notify in RETURNING: once per stored row, collapsed by Postgres to one notification
  // per transaction and stream, sent when the append commits (never when it fails).
  const notified = options.notify === false ? '' : `, pg_notify('${tables.channel}', $1::text) AS notified`
  const returning = `RETURNING position::text AS position, tx_id::text AS tx_id, version, ${TIMESTAMP_MS}${notified}`
  const head = [request.stream, request.aggregateId, request.expectedVersion]
  const only = request.events.length === 1 ? request.events[0]! : undefined
  if (only !== undefined) {
    return {
      text: `INSERT INTO ${e} (tx_id, stream, aggregate_id, version, event_id, payload, meta)
SELECT greatest(pg_current_xact_id(), prev.tx_id), $1::text, $2::text, $3::integer + 1, $4::text, $5::text::jsonb, $6::text::jsonb
FROM ${previous}
${returning}`,
      values: [...head, only.id, JSON.stringify(only.event), only.meta === undefined ? null : JSON.stringify(only.meta)],
    }
  }
  return {
    text: `INSERT INTO ${e} (tx_id, stream, aggregate_id, version, event_id, payload, meta)
SELECT greatest(pg_current_xact_id(), prev.tx_id), $1::text, $2::text, $3::integer + batch.ord::integer,
  batch.doc->>'id', batch.doc->'event', batch.doc->'meta'
FROM ${previous}, jsonb_array_elements($4::text::jsonb) WITH ORDINALITY AS batch(doc, ord)
ORDER BY batch.ord
${returning}`,
    values: [...head, encodeEventBatch(request.events)],
  }
}

/**
 * Notifies the store's channel once per stream, as an append that notifies does: the
 * wake-up `createPgProvider` sends after appends made with `{ notify: false }`. Run it in
 * its own transaction (autocommit); it is delivered when that commits.
 *
 * @example
 * ```ts
 * const { text, values } = pgNotifyStatement(tables, ['account'])
 * // SELECT pg_notify('events', $1::text) ... with values ['account']
 * ```
 */
export function pgNotifyStatement(tables: PgTables, streams: readonly string[]): SqlStatement {
  const calls = streams.map((_stream, index) => `pg_notify('${tables.channel}', $${index + 1}::text)`)
  return { text: `SELECT ${calls.join(', ')}`, values: [...streams] }
}

/**
 * Why an append stored nothing and returned no row: one row with the aggregate's text
 * `head_version` and whether the append's first event id is `stored` (then the answer
 * was lost on the way back, not refused). Decode with `pgAppendMissResult`.
 *
 * @example
 * ```ts
 * const { rows } = await pool.query(...spread(pgAppendMissStatement(tables, request)))
 * pgAppendMissResult('pg', request, rows) // throws VersionConflictError or AppendOutcomeUnknownError
 * ```
 */
export function pgAppendMissStatement(tables: PgTables, request: AppendRequest): SqlStatement {
  const e = tables.events.sql
  const text = `SELECT coalesce(max(version), 0)::text AS head_version,
  EXISTS (SELECT 1 FROM ${e} WHERE event_id = $3::text) AS stored
FROM ${e} WHERE stream = $1::text AND aggregate_id = $2::text`
  return { text, values: [request.stream, request.aggregateId, request.events[0]?.id ?? ''] }
}

/**
 * The aggregate's head version (0 when it has no events): one row with a text `version`.
 *
 * @example
 * ```ts
 * const { text, values } = pgHeadVersionStatement(tables, { stream: 'account', aggregateId: 'a1' })
 * ```
 */
export function pgHeadVersionStatement(
  tables: PgTables,
  aggregate: { stream: string; aggregateId: string },
): SqlStatement {
  const text = `SELECT coalesce(max(version), 0)::text AS version FROM ${tables.events.sql}
WHERE stream = $1::text AND aggregate_id = $2::text`
  return { text, values: [aggregate.stream, aggregate.aggregateId] }
}

/**
 * One page of an aggregate's events, ascending by version, after `afterVersion`. The rows
 * leave out `stream` and `aggregate_id` (the request's own): decode them with
 * `pgAggregateRowsToEvents`.
 *
 * @example
 * ```ts
 * const { rows } = await pool.query(...spread(pgReadAggregateStatement(tables, { stream, aggregateId, afterVersion: 0, limit: 100 })))
 * ```
 */
export function pgReadAggregateStatement(tables: PgTables, request: ReadAggregateRequest): SqlStatement {
  const text = `SELECT ${AGGREGATE_EVENT_COLUMNS} FROM ${tables.events.sql}
WHERE stream = $1::text AND aggregate_id = $2::text AND version > $3::integer
ORDER BY ${tables.events.sql}.version LIMIT $4::integer`
  return { text, values: [request.stream, request.aggregateId, request.afterVersion, request.limit] }
}

/**
 * One page of the global log for some streams, strictly after `after`, in log order
 * `(tx_id, position)`. The gate `tx_id < pg_snapshot_xmin(pg_current_snapshot())` returns
 * only rows written by transactions older than every transaction still in flight, so no
 * event can later commit at or before a position this returned (see the providers' README).
 *
 * @example
 * ```ts
 * const { text, values } = pgReadLogStatement(tables, { streams: ['account'], after: '0', limit: 500 })
 * ```
 */
export function pgReadLogStatement(tables: PgTables, request: ReadLogRequest): SqlStatement {
  const after = decodePgPosition(request.after)
  const streams = request.streams.map((_stream, index) => `$${index + 4}::text`).join(', ')
  // ORDER BY names the table's columns: the bare names would mean the text aliases.
  const text = `SELECT ${EVENT_COLUMNS} FROM ${tables.events.sql} AS ev
WHERE ev.stream IN (${streams})
  AND (ev.tx_id, ev.position) > ($1::xid8, $2::bigint)
  AND ev.tx_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY ev.tx_id, ev.position LIMIT $3::integer`
  return { text, values: [after.txId, after.seq, request.limit, ...request.streams] }
}

/**
 * Reads one bookmark: zero or one row with a text `position`.
 *
 * @example
 * ```ts
 * const { rows } = await pool.query(...) // rows[0]?.position ?? '0'
 * ```
 */
export function pgGetBookmarkStatement(tables: PgTables, name: string): SqlStatement {
  return {
    text: `SELECT position::text AS position FROM ${tables.bookmarks.sql} WHERE name = $1::text`,
    values: [name],
  }
}

/**
 * Saves one bookmark with an upsert (`INSERT ... ON CONFLICT DO UPDATE`), safe when
 * several callers save the same new name at once.
 *
 * @example
 * ```ts
 * const { text, values } = pgSetBookmarkStatement(tables, 'balances', '42')
 * ```
 */
export function pgSetBookmarkStatement(tables: PgTables, name: string, position: Position): SqlStatement {
  const text = `INSERT INTO ${tables.bookmarks.sql} (name, position) VALUES ($1::text, $2::numeric)
ON CONFLICT (name) DO UPDATE SET position = excluded.position`
  return { text, values: [name, position] }
}

/**
 * The ones of `ids` that are stored already: rows with a text `event_id`. Used to name
 * the clashing ids of a refused append.
 *
 * @example
 * ```ts
 * const { text, values } = pgStoredEventIdsStatement(tables, ['e1', 'e2'])
 * ```
 */
export function pgStoredEventIdsStatement(tables: PgTables, ids: readonly string[]): SqlStatement {
  // One placeholder per id (not an array parameter): knex.raw would expand an array.
  const list = ids.map((_id, index) => `$${index + 1}::text`).join(', ')
  return { text: `SELECT event_id FROM ${tables.events.sql} WHERE event_id IN (${list})`, values: [...ids] }
}

/**
 * The stored events with any of `ids` as event id (full rows, decode with
 * `pgRowToEvent`): how an append whose answer was lost is looked up.
 *
 * @example
 * ```ts
 * const { text, values } = pgEventsByIdStatement(tables, request.events.map((e) => e.id))
 * ```
 */
export function pgEventsByIdStatement(tables: PgTables, ids: readonly string[]): SqlStatement {
  const list = ids.map((_id, index) => `$${index + 1}::text`).join(', ')
  return { text: `SELECT ${EVENT_COLUMNS} FROM ${tables.events.sql} WHERE event_id IN (${list})`, values: [...ids] }
}
