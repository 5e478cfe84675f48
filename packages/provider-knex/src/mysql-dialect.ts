import {
  DuplicateEventError,
  ProviderError,
  VersionConflictError,
  isEvtStoreError,
  type AppendRequest,
  type StoredEvent,
} from '@evtstore/core'
import { appendedEnvelope, derivedName, leaseTableOf, type SqlRun, type TableName } from '@evtstore/core/toolkit'
import { mysqlLeases, mysqlLeaseTable } from './lease-statements.js'
import { placeholders, type Dialect } from './dialect.js'
import type { KnexConnection } from './knex-like.js'
import { knexProviderError } from './driver-message.js'
import { eventRowValues, text } from './event-row.js'
import { sqlProvider, type SqlStatements } from './sql-provider.js'
import { mysqlSnapshotStatements, snapshotTableOf } from './snapshot-statements.js'

/**
 * MariaDB / MySQL: `stream`, `aggregate_id` and the bookmark `name` are `VARBINARY(512)`,
 * `event_id` is `VARBINARY(255)`. Outside strict `sql_mode` the server would silently cut
 * longer values (two long ids becoming one aggregate), so they are declared as limits.
 */
export const MYSQL_KEY_BYTES = { stream: 512, aggregateId: 512, eventId: 255, bookmark: 512 } as const

/** What MariaDB/MySQL holds: the key widths above, and JSON nested at most 31 levels (MariaDB's JSON_VALID refuses 32). */
export const MYSQL_CAPABILITIES = { maxKeyBytes: MYSQL_KEY_BYTES, maxJsonDepth: 31, leases: true } as const

/** MySQL's duplicate-key error number (ER_DUP_ENTRY). */
export const MYSQL_DUPLICATE_ENTRY = 1062

/** The error number of a `SIGNAL SQLSTATE '45000'` (ER_SIGNAL_EXCEPTION). */
const MYSQL_SIGNAL = 1644

/** How the position trigger's refusal begins when an append's first version is not the aggregate's next one (`... at <actual version>`). */
export const VERSION_CONFLICT_SIGNAL = 'evtstore: version conflict'

/** The message the position trigger signals when the store's counter row is missing. */
const MISSING_COUNTER_SIGNAL = 'evtstore: no counter row'

/**
 * Errors refusing `CREATE TRIGGER` for want of a privilege: TRIGGER denied on the table
 * (1142), on the database (1044), SUPER needed (1227), or binary logging on without
 * `log_bin_trust_function_creators` (1419).
 */
const TRIGGER_REFUSED = new Set([1044, 1142, 1227, 1419])

/** Quotes one identifier for MySQL; `parseTableName` already allowed only `[A-Za-z_][A-Za-z0-9_]*`. */
function quote(identifier: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identifier)) throw new TypeError(`unsafe identifier ${identifier}`)
  return `\`${identifier}\``
}

function quoteTable(table: TableName, name = table.name): string {
  return table.schema === undefined ? quote(name) : `${quote(table.schema)}.${quote(name)}`
}

// Sort by the table's columns: a bare `position` in ORDER BY would name the text alias.
/** The stored time as milliseconds since 1970, named `ts`. */
const TIMESTAMP_MS = `ROUND(UNIX_TIMESTAMP(\`timestamp\`) * 1000) AS ts`

const COLUMNS = `CAST(position AS CHAR) AS position, stream, aggregate_id, version,
  ${TIMESTAMP_MS}, event_id, meta, payload`

/**
 * True for a `VERSION()` of MariaDB 10.5 or later (`10.11.18-MariaDB-0+deb12u1`), the
 * servers with `INSERT ... RETURNING`; false for MySQL and older MariaDB.
 */
export function mariadbWithReturning(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.\d+.*mariadb/i.exec(version)
  if (match === null) return false
  const [major, minor] = [Number(match[1]), Number(match[2])]
  return major > 10 || (major === 10 && minor >= 5)
}

/**
 * mysql2 answers a raw query with `[rows, fields]`; a write answers `[{ affectedRows, ... }]`,
 * which has no rows.
 */
function rowsOf(response: unknown): unknown[] {
  if (!Array.isArray(response)) throw new TypeError('expected a mysql2 response')
  const [rows] = response as unknown[]
  return Array.isArray(rows) ? rows : []
}

/** Sends one statement with `?` placeholders and types its rows. */
async function select<T>(run: SqlRun, text: string, values: readonly unknown[] = []): Promise<T[]> {
  return (await run({ text, values })) as T[]
}

/**
 * The key a MySQL/MariaDB duplicate-entry error names, or `undefined` for any other
 * error. mysql2 gives `errno: 1062` and the message `Duplicate entry '...' for key 'NAME'`
 * (MySQL 8 writes `'table.NAME'`).
 */
export function mysqlDuplicateKey(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || (err as { errno?: unknown }).errno !== MYSQL_DUPLICATE_ENTRY)
    return undefined
  const message = String(
    (err as { sqlMessage?: unknown }).sqlMessage ?? (err as { message?: unknown }).message,
  )
  const match = /for key '(?:[^']*\.)?([^'.]+)'\s*$/.exec(message)
  return match === null ? '' : match[1]!
}

/**
 * Whether an insert with NULL positions failed because no trigger filled them in: a
 * single NULL refused (ER_BAD_NULL_ERROR, 1048) or, outside strict mode, several turned
 * into the duplicate primary key 0.
 */
function isTriggerMissing(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { errno, sqlMessage, message } = err as { errno?: unknown; sqlMessage?: unknown; message?: unknown }
  const text = String(sqlMessage ?? message)
  if (errno === 1048) return /'position'/.test(text)
  return mysqlDuplicateKey(err) === 'PRIMARY' && /entry '0'/.test(text)
}

/** The message of a `SIGNAL SQLSTATE '45000'` error, or `undefined` for any other error. */
function signalMessage(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || (err as { errno?: unknown }).errno !== MYSQL_SIGNAL) return undefined
  return String((err as { sqlMessage?: unknown }).sqlMessage ?? (err as { message?: unknown }).message)
}

/**
 * MariaDB / MySQL (InnoDB, through knex + mysql2). InnoDB hands out auto-increment values
 * at insert time, not at commit, so a later append could become visible before an
 * earlier one. Instead every append first updates the store's one counter row and takes
 * its positions from it: the row lock is held until commit, so appends assign positions
 * one at a time and commit in position order. On MariaDB 10.5+ a trigger does this inside
 * the append's one INSERT; elsewhere the append is a transaction of its own statements.
 * Reads need no gate.
 */
export function mysqlDialect(events: TableName, bookmarks: TableName): Dialect {
  const ev = quoteTable(events)
  const bm = quoteTable(bookmarks)
  const leases = quoteTable(leaseTableOf(bookmarks))
  const counter = quoteTable(events, derivedName(events, 'counter'))
  const snapshots = mysqlSnapshotStatements(quoteTable(snapshotTableOf(events)))
  const versionKey = derivedName(events, 'version_key')
  const eventIdKey = derivedName(events, 'event_id_key')

  function appendError(err: unknown, request: AppendRequest): Error {
    if (isEvtStoreError(err)) return err
    const names = { stream: request.stream, aggregateId: request.aggregateId }
    const signal = signalMessage(err)
    const conflict = signal === undefined ? null : new RegExp(`^${VERSION_CONFLICT_SIGNAL} at (\\d+)$`).exec(signal)
    if (conflict !== null) {
      const actualVersion = Number(conflict[1])
      return new VersionConflictError({ ...names, expectedVersion: request.expectedVersion, actualVersion }, { cause: err })
    }
    if (signal === MISSING_COUNTER_SIGNAL) return missingCounter(err)
    const key = mysqlDuplicateKey(err)
    if (key === eventIdKey)
      return new DuplicateEventError({ ...names, eventIds: request.events.map((e) => e.id) }, { cause: err })
    if (key === versionKey)
      return new VersionConflictError({ ...names, expectedVersion: request.expectedVersion }, { cause: err })
    return knexProviderError('append', err)
  }

  const statements: SqlStatements = {
    readAggregate: (request) => ({
      text: `SELECT ${COLUMNS} FROM ${ev} WHERE stream = ? AND aggregate_id = ? AND version > ? ORDER BY ${ev}.version LIMIT ?`,
      values: [request.stream, request.aggregateId, request.afterVersion, request.limit],
    }),
    readLog: (request) => ({
      text: `SELECT ${COLUMNS} FROM ${ev} WHERE stream IN (${placeholders(request.streams.length)})
AND position > CAST(? AS UNSIGNED) ORDER BY ${ev}.position LIMIT ?`,
      values: [...request.streams, request.after, request.limit],
    }),
    getBookmark: (name) => ({ text: `SELECT CAST(position AS CHAR) AS position FROM ${bm} WHERE name = ?`, values: [name] }),
    setBookmark: (name, position) => ({
      text: `INSERT INTO ${bm} (name, position) VALUES (?, CAST(? AS DECIMAL(40, 0))) ON DUPLICATE KEY UPDATE position = VALUES(position)`,
      values: [name, position],
    }),
    storedEventIds: (ids) => ({ text: `SELECT event_id FROM ${ev} WHERE event_id IN (${placeholders(ids.length)})`, values: ids }),
  }

  const triggerName = derivedName(events, 'position_trigger')

  /**
   * Gives a row inserted with a NULL position the store's next position: it locks the
   * counter row until commit, exactly as the transaction below does, and then refuses the
   * row unless its version is the aggregate's next one. An append is then one statement,
   * committed on its own, with the counter lock held only while the server runs it. Rows
   * inserted with a position (the transaction below) pass untouched. Without the trigger
   * such an insert fails and stores nothing: `position` is NOT NULL and has no default (a
   * single NULL is refused, several become duplicate zeros), so a lost trigger can never
   * let a row in out of the counter's order.
   */
  const createTrigger = `CREATE TRIGGER IF NOT EXISTS ${quoteTable(events, triggerName)} BEFORE INSERT ON ${ev} FOR EACH ROW
BEGIN
  DECLARE next_position BIGINT UNSIGNED;
  DECLARE head_version INT UNSIGNED;
  DECLARE refusal VARCHAR(80);
  IF NEW.position IS NULL THEN
    UPDATE ${counter} SET last_position = last_position + 1 WHERE id = 1;
    SET next_position = (SELECT last_position FROM ${counter} WHERE id = 1);
    IF next_position IS NULL THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${MISSING_COUNTER_SIGNAL}';
    END IF;
    SET NEW.position = next_position;
    SET head_version = (SELECT COALESCE(MAX(version), 0) FROM ${ev} WHERE stream = NEW.stream AND aggregate_id = NEW.aggregate_id);
    IF NEW.version <> head_version + 1 THEN
      SET refusal = CONCAT('${VERSION_CONFLICT_SIGNAL} at ', head_version);
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = refusal;
    END IF;
  END IF;
END`

  /**
   * How this provider appends, asked once, on its first append: `trigger` when the server
   * takes `INSERT ... RETURNING` (MariaDB 10.5 and later) and the store has its position
   * trigger; otherwise in a transaction, with `RETURNING` (`returning`) or without (`plain`,
   * MySQL).
   */
  let appendPath: Promise<'trigger' | 'returning' | 'plain'> | undefined
  function findAppendPath(run: SqlRun): Promise<'trigger' | 'returning' | 'plain'> {
    appendPath ??= select<{ v: unknown; t: unknown }>(
      run,
      `SELECT VERSION() AS v, (SELECT COUNT(*) FROM information_schema.TRIGGERS
  WHERE TRIGGER_SCHEMA = COALESCE(?, DATABASE()) AND TRIGGER_NAME = ?) AS t`,
      [events.schema ?? null, triggerName],
    ).then(
      ([row]) => (!mariadbWithReturning(text(row?.v)) ? 'plain' : Number(text(row?.t)) > 0 ? 'trigger' : 'returning'),
      (error: unknown) => {
        appendPath = undefined
        throw error
      },
    )
    return appendPath
  }

  /** The append as one statement: the trigger assigns the positions and checks the version. */
  async function appendByTrigger(run: SqlRun, request: AppendRequest): Promise<StoredEvent[]> {
    const values = request.events.flatMap((_e, index) => [null, ...eventRowValues(request, index)])
    const tuples = request.events.map(() => `(${placeholders(7)})`).join(', ')
    const rows = await select<{ position: unknown; ts: unknown }>(
      run,
      `INSERT INTO ${ev} (position, stream, aggregate_id, version, event_id, meta, payload) VALUES ${tuples}
RETURNING CAST(position AS CHAR) AS position, ${TIMESTAMP_MS}`,
      values,
    )
    if (rows.length !== request.events.length) {
      throw new ProviderError({
        provider: 'knex',
        operation: 'append',
        message: `the insert returned ${rows.length} rows for ${request.events.length} events`,
      })
    }
    const timestamp = new Date(Number(text(rows[0]!.ts)))
    return request.events.map((_input, index) =>
      appendedEnvelope(request, index, { position: text(rows[index]!.position), timestamp }),
    )
  }

  /** The append inside one transaction: positions come from the counter row it locks. */
  async function appendInTransaction(run: SqlRun, request: AppendRequest, returning: boolean): Promise<StoredEvent[]> {
    const count = request.events.length
    // 1. Lock the counter row until commit and reserve `count` positions.
    await run({ text: `UPDATE ${counter} SET last_position = last_position + ? WHERE id = 1`, values: [count] })
    // 2. Read the reserved range and the aggregate's version (after the lock: current data).
    const [head] = await select<{ last: unknown; version: unknown }>(
      run,
      `SELECT CAST(c.last_position AS CHAR) AS last,
  (SELECT COALESCE(MAX(version), 0) FROM ${ev} WHERE stream = ? AND aggregate_id = ?) AS version
FROM ${counter} c WHERE c.id = 1`,
      [request.stream, request.aggregateId],
    )
    if (head === undefined) throw missingCounter()
    const actualVersion = Number(head.version ?? 0)
    if (actualVersion !== request.expectedVersion) {
      throw new VersionConflictError({
        stream: request.stream,
        aggregateId: request.aggregateId,
        expectedVersion: request.expectedVersion,
        actualVersion,
      })
    }
    const first = BigInt(text(head.last)) - BigInt(count) + 1n
    const positions = request.events.map((_e, index) => (first + BigInt(index)).toString())
    // 3. One multi-row insert with those positions; MariaDB returns the server's timestamp
    //    (one per statement, so one per append) with it, MySQL is asked in a 4th statement.
    const values = request.events.flatMap((_e, index) => [positions[index], ...eventRowValues(request, index)])
    const tuples = request.events.map(() => `(${placeholders(7)})`).join(', ')
    const insert = `INSERT INTO ${ev} (position, stream, aggregate_id, version, event_id, meta, payload) VALUES ${tuples}`
    const stamps = returning
      ? await select<{ ts: unknown }>(run, `${insert} RETURNING ${TIMESTAMP_MS}`, values)
      : (await run({ text: insert, values }),
        await select<{ ts: unknown }>(run, `SELECT ${TIMESTAMP_MS} FROM ${ev} WHERE position = ?`, [positions[0]]))
    const timestamp = new Date(Number(text(stamps[0]?.ts)))
    return request.events.map((_input, index) => appendedEnvelope(request, index, { position: positions[index]!, timestamp }))
  }

  function missingCounter(cause?: unknown): ProviderError {
    return new ProviderError(
      { provider: 'knex', operation: 'append', message: `${counter} has no counter row: run migrate()` },
      cause === undefined ? undefined : { cause },
    )
  }

  async function append(connection: KnexConnection, request: AppendRequest): Promise<StoredEvent[]> {
    let path = await findAppendPath(connection.run)
    if (path === 'trigger') {
      try {
        return await appendByTrigger(connection.run, request)
      } catch (error) {
        if (!isTriggerMissing(error)) throw error
        // The trigger went away after this provider found it (a restore without triggers,
        // a DROP TRIGGER): nothing was stored. Look again, and append the way found now.
        appendPath = undefined
        path = await findAppendPath(connection.run)
        if (path === 'trigger') throw error
      }
    }
    return connection.transaction((trx) => appendInTransaction(trx, request, path === 'returning'))
  }

  /**
   * Creates the position trigger on MariaDB 10.5+; a server that refuses it for want of a
   * privilege keeps the transaction. A table made by an earlier version still has an
   * auto-increment `position`, which would turn a NULL position into a number without
   * the trigger: the attribute is dropped first (positions come from the counter anyway).
   */
  async function migrateTrigger(run: SqlRun): Promise<void> {
    const [row] = await select<{ v: unknown; ai: unknown }>(
      run,
      `SELECT VERSION() AS v, (SELECT COUNT(*) FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = 'position'
  AND EXTRA LIKE '%auto_increment%') AS ai`,
      [events.schema ?? null, events.name],
    )
    if (!mariadbWithReturning(text(row?.v))) return
    if (Number(text(row?.ai)) > 0) await run({ text: `ALTER TABLE ${ev} MODIFY position BIGINT UNSIGNED NOT NULL`, values: [] })
    try {
      await run({ text: createTrigger, values: [] })
    } catch (error) {
      if (TRIGGER_REFUSED.has((error as { errno?: unknown }).errno as number)) return
      throw error
    }
  }

  return {
    name: 'mysql',
    capabilities: MYSQL_CAPABILITIES,

    runOn: (knex) => async ({ text, values }) => rowsOf(await knex.raw(text, values)),

    async migrate(run) {
      const statements = [
        `CREATE TABLE IF NOT EXISTS ${ev} (
  position BIGINT UNSIGNED NOT NULL,
  stream VARBINARY(512) NOT NULL,
  aggregate_id VARBINARY(512) NOT NULL,
  version INT UNSIGNED NOT NULL,
  \`timestamp\` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  event_id VARBINARY(255) NOT NULL,
  meta JSON NULL,
  payload JSON NOT NULL,
  PRIMARY KEY (position),
  UNIQUE KEY ${quote(versionKey)} (stream, aggregate_id, version),
  UNIQUE KEY ${quote(eventIdKey)} (event_id),
  KEY ${quote(derivedName(events, 'stream_log_idx'))} (stream, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
        `CREATE TABLE IF NOT EXISTS ${counter} (
  id TINYINT UNSIGNED NOT NULL,
  last_position BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB`,
        // The counter starts at (or is raised to) the highest stored position.
        `INSERT INTO ${counter} (id, last_position) SELECT 1, COALESCE(MAX(position), 0) FROM ${ev}
ON DUPLICATE KEY UPDATE last_position = GREATEST(last_position, VALUES(last_position))`,
        `CREATE TABLE IF NOT EXISTS ${bm} (
  name VARBINARY(512) NOT NULL,
  position DECIMAL(40, 0) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB`,
        `SELECT position, stream, aggregate_id, version, \`timestamp\`, event_id, meta, payload FROM ${ev} LIMIT 0`,
        `SELECT name, position FROM ${bm} LIMIT 0`,
        mysqlLeaseTable(leases),
        `SELECT name, owner, token, expires_at FROM ${leases} LIMIT 0`,
        snapshots.create,
        snapshots.columns,
      ]
      for (const statement of statements) await run({ text: statement, values: [] })
      await migrateTrigger(run)
    },

    provider: (connection, limit) =>
      sqlProvider({
        run: connection.run,
        limit,
        statements,
        append: (request) => append(connection, request),
        appendError,
        // Longer names would be cut by a non-strict server: declared, so they are refused before any I/O.
        capabilities: MYSQL_CAPABILITIES,
        // BIGINT UNSIGNED.
        maxPosition: '18446744073709551615',
        leases: mysqlLeases(connection, leases, bm),
        snapshots,
      }),

    appendError,
  }
}
