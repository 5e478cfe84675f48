import {
  DuplicateEventError,
  ProviderError,
  VersionConflictError,
  isEvtStoreError,
  type AppendRequest,
  type StoredEvent,
} from '@evtstore/core'
import { appendedEnvelope, derivedName, leaseTableOf, quoteIdentifier, type SqlRun, type TableName } from '@evtstore/core/toolkit'
import { sqliteLeases, sqliteLeaseTable } from './lease-statements.js'
import { placeholders, type Dialect } from './dialect.js'
import { knexProviderError } from './driver-message.js'
import { eventRowValues, text, toDate } from './event-row.js'
import { sqlProvider, type SqlStatements } from './sql-provider.js'
import { snapshotTableOf, sqliteSnapshotKeyCheck, sqliteSnapshotStatements } from './snapshot-statements.js'

// Sort by the table's columns: a bare `position` in ORDER BY would name the text alias.
const COLUMNS = `CAST(position AS TEXT) AS position, stream, aggregate_id, version, "timestamp" AS ts, event_id, meta, payload`

/**
 * better-sqlite3 gives an array of rows for statements that return data (and a run
 * summary for those that do not: no rows); node-sqlite3 runs every raw statement with
 * `Database#all`, an array of rows (empty when there are none). The rows are copied into an array of this
 * realm: the addon builds its arrays in the main context, and under a sandbox (jest's vm)
 * `.map()` on them would yield arrays of the other realm.
 */
function rowsOf(response: unknown): unknown[] {
  return Array.isArray(response) ? Array.from(response as unknown[]) : []
}

/** Sends one statement with `?` placeholders and types its rows. */
async function select<T>(run: SqlRun, text: string, values: readonly unknown[] = []): Promise<T[]> {
  return (await run({ text, values })) as T[]
}

/**
 * In SQLite a schema is an attached database (`main`, `temp`, ...): an index is created
 * in the schema of its table and names that table unqualified.
 */
function indexName(table: TableName, suffix: string): string {
  const index = quoteIdentifier(derivedName(table, suffix))
  return table.schema === undefined ? index : `${quoteIdentifier(table.schema)}.${index}`
}

/**
 * Fails unless each derived index exists on `table` itself: `IF NOT EXISTS` skips an index
 * whose name another table's index already has (index names are per schema in SQLite),
 * which would leave this table without its unique keys or log index.
 */
async function checkIndexes(run: SqlRun, table: TableName, suffixes: readonly string[]): Promise<void> {
  const master =
    table.schema === undefined ? 'sqlite_master' : `${quoteIdentifier(table.schema)}.sqlite_master`
  const names = suffixes.map((suffix) => derivedName(table, suffix).toLowerCase())
  const found = (
    await select<{ name: string }>(
      run,
      `SELECT lower(name) AS name FROM ${master} WHERE type = 'index' AND lower(tbl_name) = lower(?)`,
      [table.name],
    )
  ).map((row) => row.name)
  const missing = names.filter((name) => !found.includes(name))
  if (missing.length > 0) {
    throw new ProviderError({
      provider: 'knex',
      operation: 'migrate',
      message: `index name(s) ${missing.join(', ')} belong to another table; rename the store`,
    })
  }
}

/** The oldest SQLite with every statement the dialect sends: `RETURNING` came in 3.35.0. */
export const MIN_SQLITE_VERSION = '3.35.0'

/**
 * Whether SQLite `version` (`sqlite_version()`, e.g. `'3.52.0'`) is at least
 * {@link MIN_SQLITE_VERSION}. Both drivers bundle a newer SQLite; node-sqlite3 built with
 * `--sqlite` uses the system's, which may be older.
 *
 * @example
 * ```ts
 * sqliteVersionSupported('3.31.1') // false
 * ```
 */
export function sqliteVersionSupported(version: string): boolean {
  const parts = version.split('.').map(Number)
  const minimum = MIN_SQLITE_VERSION.split('.').map(Number)
  for (let i = 0; i < minimum.length; i++) {
    const part = parts[i] ?? 0
    if (Number.isNaN(part)) return false
    if (part !== minimum[i]) return part > minimum[i]!
  }
  return true
}

/** Fails with a `ProviderError` naming both versions when the database's SQLite is too old. */
async function checkSqliteVersion(run: SqlRun): Promise<void> {
  const [row] = await select<{ version: unknown }>(run, 'SELECT sqlite_version() AS version')
  const version = text(row?.version)
  if (!sqliteVersionSupported(version)) {
    throw new ProviderError({
      provider: 'knex',
      operation: 'migrate',
      message: `SQLite ${version} is too old: the provider needs ${MIN_SQLITE_VERSION} or later (RETURNING)`,
    })
  }
}

/**
 * Events per INSERT: each binds 6 values, and SQLite allows 32,766 per statement, so an
 * append of more events is split into several statements inside one transaction.
 */
const SINGLE_STATEMENT_EVENTS = 1000

/**
 * The error codes a unique violation comes with: better-sqlite3 reports SQLite's extended
 * code (`SQLITE_CONSTRAINT_UNIQUE`), node-sqlite3 (knex's `sqlite3` client) only the primary
 * one (`SQLITE_CONSTRAINT`, errno 19), which CHECK and NOT NULL failures share: the message
 * tells them apart.
 */
const UNIQUE_VIOLATION_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT'])

/**
 * What the SQLite error for a unique violation looks like, from either driver. SQLite
 * names the columns (not the index) in the message: `UNIQUE constraint failed:
 * events.stream, events.aggregate_id, events.version` (node-sqlite3 puts `SQLITE_CONSTRAINT: `
 * before it). Returns those `table.column` names, or `undefined` for any other error.
 */
export function sqliteUniqueColumns(err: unknown): string[] | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  if (!UNIQUE_VIOLATION_CODES.has(String((err as { code?: unknown }).code))) return undefined
  const match = /UNIQUE constraint failed: ([^\n]+)$/.exec(String((err as { message?: unknown }).message))
  if (match === null) return (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? [] : undefined
  return match[1]!.split(',').map((column) => column.trim())
}

/**
 * SQLite (through knex + better-sqlite3 or sqlite3). SQLite has one writer at a time: the append's
 * first statement is an INSERT, so it takes the database's write lock before it reads
 * the aggregate's version, and positions (an AUTOINCREMENT rowid, never reused) are
 * handed out under that lock and become visible at its commit. No event can commit
 * behind one already visible, so reads need no gate.
 */
export function sqliteDialect(events: TableName, bookmarks: TableName): Dialect {
  const ev = events.sql
  const bm = bookmarks.sql
  const leases = leaseTableOf(bookmarks)
  const snapshotTable = snapshotTableOf(events)
  const snapshots = sqliteSnapshotStatements(snapshotTable)
  const versionColumn = `${events.name}.version`
  const eventIdColumn = `${events.name}.event_id`

  async function currentVersion(run: SqlRun, request: AppendRequest): Promise<number> {
    const found = await select<{ version: unknown }>(
      run,
      `SELECT COALESCE(MAX(version), 0) AS version FROM ${ev} WHERE stream = ? AND aggregate_id = ?`,
      [request.stream, request.aggregateId],
    )
    return Number(found[0]?.version ?? 0)
  }

  function appendError(err: unknown, request: AppendRequest): Error {
    if (isEvtStoreError(err)) return err
    const columns = sqliteUniqueColumns(err)
    const names = { stream: request.stream, aggregateId: request.aggregateId }
    if (columns?.includes(eventIdColumn)) {
      return new DuplicateEventError({ ...names, eventIds: request.events.map((e) => e.id) }, { cause: err })
    }
    if (columns?.includes(versionColumn)) {
      return new VersionConflictError({ ...names, expectedVersion: request.expectedVersion }, { cause: err })
    }
    return knexProviderError('append', err)
  }

  const statements: SqlStatements = {
    readAggregate: (request) => ({
      text: `SELECT ${COLUMNS} FROM ${ev} WHERE stream = ? AND aggregate_id = ? AND version > ? ORDER BY ${ev}.version LIMIT ?`,
      values: [request.stream, request.aggregateId, request.afterVersion, request.limit],
    }),
    readLog: (request) => ({
      text: `SELECT ${COLUMNS} FROM ${ev} WHERE stream IN (${placeholders(request.streams.length)}) AND position > ? ORDER BY ${ev}.position LIMIT ?`,
      values: [...request.streams, request.after, request.limit],
    }),
    getBookmark: (name) => ({ text: `SELECT CAST(position AS TEXT) AS position FROM ${bm} WHERE name = ?`, values: [name] }),
    setBookmark: (name, position) => ({
      text: `INSERT INTO ${bm} (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      values: [name, position],
    }),
    storedEventIds: (ids) => ({ text: `SELECT event_id FROM ${ev} WHERE event_id IN (${placeholders(ids.length)})`, values: ids }),
  }

  /**
   * A large append, in one transaction: statements of at most SINGLE_STATEMENT_EVENTS
   * events each, every one checking the head it builds on. The first takes the write
   * lock, so the rest run under it; any failure rolls all of them back.
   */
  async function appendInChunks(run: SqlRun, request: AppendRequest): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = []
    for (let offset = 0; offset < request.events.length; offset += SINGLE_STATEMENT_EVENTS) {
      const events = request.events.slice(offset, offset + SINGLE_STATEMENT_EVENTS)
      stored.push(...(await append(run, { ...request, expectedVersion: request.expectedVersion + offset, events })))
    }
    return stored
  }

  async function append(run: SqlRun, request: AppendRequest): Promise<StoredEvent[]> {
    const values = request.events.flatMap((_e, index) => eventRowValues(request, index))
    const tuples = request.events.map(() => `(${placeholders(6)})`).join(', ')
    // One statement, atomic on its own: the write lock is taken before the version is
    // read, and the rows are inserted only when the aggregate is at the expected version.
    const stored = await select<{ position: unknown; version: unknown; ts: unknown }>(
      run,
      `INSERT INTO ${ev} (stream, aggregate_id, version, event_id, meta, payload)
SELECT column1, column2, column3, column4, column5, column6 FROM (VALUES ${tuples})
WHERE (SELECT COALESCE(MAX(version), 0) FROM ${ev} WHERE stream = ? AND aggregate_id = ?) = ?
RETURNING CAST(position AS TEXT) AS position, version, "timestamp" AS ts`,
      [...values, request.stream, request.aggregateId, request.expectedVersion],
    )
    if (stored.length === 0) {
      throw new VersionConflictError({
        stream: request.stream,
        aggregateId: request.aggregateId,
        expectedVersion: request.expectedVersion,
        actualVersion: await currentVersion(run, request),
      })
    }
    // RETURNING gives rows in no promised order: match them by version.
    const byVersion = new Map(stored.map((row) => [Number(row.version), row]))
    return request.events.map((_input, index): StoredEvent => {
      const version = request.expectedVersion + index + 1
      const row = byVersion.get(version)
      if (row === undefined)
        throw new ProviderError({ provider: 'knex', operation: 'append', message: `version ${version} was not returned` })
      return appendedEnvelope(request, index, { position: text(row.position), timestamp: toDate(row.ts) })
    })
  }

  return {
    name: 'sqlite',

    runOn: (knex) => async ({ text, values }) => rowsOf(await knex.raw(text, values)),

    async migrate(run) {
      await checkSqliteVersion(run)
      const statements = [
        `CREATE TABLE IF NOT EXISTS ${ev} (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  "timestamp" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  event_id TEXT NOT NULL,
  meta TEXT,
  payload TEXT NOT NULL
)`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${indexName(events, 'version_key')} ON ${quoteIdentifier(events.name)} (stream, aggregate_id, version)`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${indexName(events, 'event_id_key')} ON ${quoteIdentifier(events.name)} (event_id)`,
        `CREATE INDEX IF NOT EXISTS ${indexName(events, 'stream_log_idx')} ON ${quoteIdentifier(events.name)} (stream, position)`,
        `CREATE TABLE IF NOT EXISTS ${bm} (name TEXT NOT NULL PRIMARY KEY, position INTEGER NOT NULL)`,
        // A table of another shape under the same name fails here instead of later.
        `SELECT position, stream, aggregate_id, version, "timestamp", event_id, meta, payload FROM ${ev} LIMIT 0`,
        `SELECT name, position FROM ${bm} LIMIT 0`,
        sqliteLeaseTable(leases),
        `SELECT name, owner, token, expires_at FROM ${leases.sql} LIMIT 0`,
        snapshots.create,
        snapshots.columns,
        sqliteSnapshotKeyCheck(snapshotTable),
      ]
      for (const statement of statements) await run({ text: statement, values: [] })
      await checkIndexes(run, events, ['version_key', 'event_id_key', 'stream_log_idx'])
    },

    provider: (connection, limit) =>
      sqlProvider({
        run: connection.run,
        limit,
        statements,
        append: (request) =>
          request.events.length <= SINGLE_STATEMENT_EVENTS
            ? append(connection.run, request)
            : connection.transaction((trx) => appendInChunks(trx, request)),
        appendError,
        // INTEGER PRIMARY KEY: a signed 64-bit rowid.
        maxPosition: '9223372036854775807',
        leases: sqliteLeases(connection.run, leases, bookmarks),
        snapshots,
      }),

    appendError,
  }
}
