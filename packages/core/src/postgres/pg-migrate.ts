import { quotedDerivedName, type PgTables } from './pg-tables.js'
import { derivedName, quoteIdentifier, type TableName } from '../toolkit/table-name.js'

/**
 * The advisory lock every evtstore migration takes, whatever its tables: `IF NOT EXISTS`
 * DDL of different stores still races on the catalogs (a shared schema, a shared
 * bookmarks table, `events` vs `public.events`), so all migrations run one at a time.
 */
const MIGRATION_LOCK_KEY = 0x65767473 // 'evts'

/**
 * A block that fails (SQLSTATE 42P07) unless every named index exists on its own table:
 * `IF NOT EXISTS` skips an index whose name is taken by another table's index, which
 * would leave this table without it. Unique constraints count (their index has their name).
 */
function checkIndexes(expected: ReadonlyArray<readonly [TableName, string]>): string {
  const rows = expected.map(([table, name]) => `('${name}', '${table.sql}')`).join(', ')
  return `DO $evtstore$
DECLARE missing text;
BEGIN
  SELECT string_agg(expected.name, ', ') INTO missing
  FROM (VALUES ${rows}) AS expected(name, tbl)
  WHERE NOT EXISTS (
    SELECT 1 FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid
    WHERE c.relname = expected.name AND i.indrelid = expected.tbl::regclass
  );
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '42P07',
      MESSAGE = 'evtstore migrate: index name(s) ' || missing || ' belong to another table; rename the store';
  END IF;
END
$evtstore$`
}

/**
 * The Postgres schema of one store as a single multi-statement script (no bound values,
 * so it runs through the simple query protocol as one implicit transaction). It takes a
 * transaction-scoped advisory lock (one key for every store) so concurrent migrations wait for each other, creates
 * schemas, tables, constraints and indexes with `IF NOT EXISTS` (so it can run any number
 * of times), and ends with a `SELECT ... LIMIT 0` of every column the providers use and a check that
 * every constraint and index it names exists on its own table, so a pre-existing table
 * of another shape, or a name taken by another table, fails loudly instead of being accepted.
 * Needs PostgreSQL 13 or later (`xid8`, `pg_current_xact_id()`).
 *
 * @example
 * ```ts
 * await pool.query(pgMigrateScript(pgTables({ events: 'events', bookmarks: 'bookmarks' })))
 * ```
 */
export function pgMigrateScript(tables: PgTables): string {
  const { events, bookmarks, leases } = tables
  const schemas = [...new Set([events.schema, bookmarks.schema].filter((s): s is string => s !== undefined))]
  const statements = [
    `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
    ...schemas.map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`),
    `CREATE TABLE IF NOT EXISTS ${events.sql} (
  position bigint GENERATED ALWAYS AS IDENTITY,
  tx_id xid8 NOT NULL,
  stream text NOT NULL,
  aggregate_id text NOT NULL,
  version integer NOT NULL,
  event_id text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb,
  "timestamp" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${quotedDerivedName(events, 'pkey')} PRIMARY KEY (position),
  CONSTRAINT ${quoteIdentifier(tables.versionConstraint)} UNIQUE (stream, aggregate_id, version),
  CONSTRAINT ${quoteIdentifier(tables.eventIdConstraint)} UNIQUE (event_id),
  CONSTRAINT ${quotedDerivedName(events, 'version_check')} CHECK (version >= 1)
)`,
    `CREATE INDEX IF NOT EXISTS ${quotedDerivedName(events, 'log_idx')} ON ${events.sql} (tx_id, position)`,
    `CREATE INDEX IF NOT EXISTS ${quotedDerivedName(events, 'stream_idx')} ON ${events.sql} (stream, tx_id, position)`,
    `CREATE TABLE IF NOT EXISTS ${bookmarks.sql} (
  name text NOT NULL,
  position numeric(40, 0) NOT NULL,
  CONSTRAINT ${quotedDerivedName(bookmarks, 'pkey')} PRIMARY KEY (name)
)`,
    `CREATE TABLE IF NOT EXISTS ${tables.snapshots.sql} (
  stream text NOT NULL,
  aggregate_id text NOT NULL,
  snapshot_key text NOT NULL,
  version integer NOT NULL,
  state jsonb NOT NULL,
  CONSTRAINT ${quotedDerivedName(tables.snapshots, 'pkey')} PRIMARY KEY (stream, aggregate_id)
)`,
    `SELECT stream, aggregate_id, snapshot_key, version, state FROM ${tables.snapshots.sql} LIMIT 0`,
    // Handler leases (exclusive and partitioned handlers): expiry in ms on the server's clock.
    `CREATE TABLE IF NOT EXISTS ${leases.sql} (
  name text NOT NULL,
  owner text NOT NULL,
  token bigint NOT NULL,
  expires_at bigint NOT NULL,
  CONSTRAINT ${quotedDerivedName(leases, 'pkey')} PRIMARY KEY (name)
)`,
    `SELECT position, tx_id, stream, aggregate_id, version, event_id, payload, meta, "timestamp" FROM ${events.sql} LIMIT 0`,
    `SELECT name, position FROM ${bookmarks.sql} LIMIT 0`,
    `SELECT name, owner, token, expires_at FROM ${leases.sql} LIMIT 0`,
    checkIndexes([
      [events, derivedName(events, 'pkey')],
      [events, tables.versionConstraint],
      [events, tables.eventIdConstraint],
      [events, derivedName(events, 'log_idx')],
      [events, derivedName(events, 'stream_idx')],
      [bookmarks, derivedName(bookmarks, 'pkey')],
      [tables.snapshots, derivedName(tables.snapshots, 'pkey')],
      [leases, derivedName(leases, 'pkey')],
    ]),
  ]
  return statements.join(';\n') + ';'
}
