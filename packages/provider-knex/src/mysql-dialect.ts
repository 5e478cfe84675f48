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
 * MariaDB / MySQL (InnoDB, through knex + mysql2). InnoDB hands out auto-increment values
 * at insert time, not at commit, so a later append could become visible before an
 * earlier one. Instead every append first updates the store's one counter row and takes
 * its positions from it: the row lock is held until commit, so appends assign positions
 * one at a time and commit in position order. Reads need no gate.
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
    const key = mysqlDuplicateKey(err)
    const names = { stream: request.stream, aggregateId: request.aggregateId }
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

  /**
   * Whether the server takes `INSERT ... RETURNING` (MariaDB 10.5 and later; MySQL does
   * not): asked once per provider, on its first append.
   */
  let insertReturning: Promise<boolean> | undefined
  function hasInsertReturning(run: SqlRun): Promise<boolean> {
    insertReturning ??= select<{ v: unknown }>(run, 'SELECT VERSION() AS v').then(
      ([row]) => mariadbWithReturning(text(row?.v)),
      (error: unknown) => {
        insertReturning = undefined
        throw error
      },
    )
    return insertReturning
  }

  /** The append, inside one transaction: positions come from the counter row it locks. */
  async function append(run: SqlRun, request: AppendRequest): Promise<StoredEvent[]> {
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
    if (head === undefined) {
      throw new ProviderError({
        provider: 'knex',
        operation: 'append',
        message: `${counter} has no counter row: run migrate()`,
      })
    }
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
    const stamps = (await hasInsertReturning(run))
      ? await select<{ ts: unknown }>(run, `${insert} RETURNING ${TIMESTAMP_MS}`, values)
      : (await run({ text: insert, values }),
        await select<{ ts: unknown }>(run, `SELECT ${TIMESTAMP_MS} FROM ${ev} WHERE position = ?`, [positions[0]]))
    const timestamp = new Date(Number(text(stamps[0]?.ts)))
    return request.events.map((_input, index) => appendedEnvelope(request, index, { position: positions[index]!, timestamp }))
  }

  return {
    name: 'mysql',
    capabilities: MYSQL_CAPABILITIES,

    runOn: (knex) => async ({ text, values }) => rowsOf(await knex.raw(text, values)),

    async migrate(run) {
      const statements = [
        `CREATE TABLE IF NOT EXISTS ${ev} (
  position BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
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
    },

    provider: (connection, limit) =>
      sqlProvider({
        run: connection.run,
        limit,
        statements,
        append: (request) => connection.transaction((trx) => append(trx, request)),
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
