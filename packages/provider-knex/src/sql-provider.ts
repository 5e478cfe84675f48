import type {
  AppendRequest,
  Position,
  Provider,
  ProviderCapabilities,
  ReadAggregateRequest,
  ReadLogRequest,
  StoredEvent,
} from '@evtstore/core'
import { defineProvider, type LeaseDefinition, type SqlRun, type SqlStatement } from '@evtstore/core/toolkit'
import { knexProviderError } from './driver-message.js'
import { rowToEvent, text, type EventRow } from './event-row.js'
import { snapshotFromRow, type SnapshotRow, type SnapshotStatements } from './snapshot-statements.js'

/** The read and bookmark statements of one SQL dialect (`?` placeholders), for {@link sqlProvider}. */
export interface SqlStatements {
  /** Selects the event columns `rowToEvent` decodes, ascending by version. */
  readAggregate(request: ReadAggregateRequest): SqlStatement
  /** Selects the event columns `rowToEvent` decodes, ascending by position. */
  readLog(request: ReadLogRequest): SqlStatement
  /** Zero or one row with a text `position`. */
  getBookmark(name: string): SqlStatement
  /** An upsert of one bookmark. */
  setBookmark(name: string, position: Position): SqlStatement
  /** Rows with the `event_id` of each of `ids` that is stored. */
  storedEventIds(ids: readonly string[]): SqlStatement
}

/** What {@link sqlProvider} needs from a dialect besides its statements. */
export interface SqlProviderParts {
  run: SqlRun
  limit: number
  statements: SqlStatements
  /** The dialect's append (its own statements, its own transaction if it needs one). */
  append(request: AppendRequest): Promise<StoredEvent[]>
  /** Translates a driver error thrown by `append`. */
  appendError(err: unknown, request: AppendRequest): Error
  /** What the dialect's columns hold (byte limits), enforced before any I/O. */
  capabilities?: ProviderCapabilities
  /** The largest position the dialect's position column holds. */
  maxPosition: Position
  /** The dialect's handler leases (fenced bookmark writes). */
  leases?: LeaseDefinition
  /** The dialect's snapshot statements, on the table `<events>_snapshots` (capability `snapshots`). */
  snapshots: SnapshotStatements
}

/** Whether canonical position `a` is at most `b`. */
function atMost(a: Position, b: Position): boolean {
  return a.length < b.length || (a.length === b.length && a <= b)
}

async function rows<T>(run: SqlRun, statement: SqlStatement): Promise<T[]> {
  return (await run(statement)) as T[]
}

/**
 * The knex provider on SQLite and on MariaDB/MySQL: the dialect's append plus its read,
 * bookmark and snapshot statements, assembled with the toolkit's `defineProvider` (reads capped at
 * `limit`, driver errors as `ProviderError` with the driver's message, duplicate ids
 * narrowed by reading them back).
 *
 * @example
 * ```ts
 * return sqlProvider({ run: connection.run, limit, statements, append, appendError, maxPosition, snapshots })
 * ```
 */
export function sqlProvider(parts: SqlProviderParts): Provider {
  const { run, statements } = parts
  return defineProvider({
    name: 'knex',
    limit: parts.limit,
    fullAggregatePages: true,
    capabilities: { ...parts.capabilities, snapshots: true },
    acceptsPosition: (position) => atMost(position, parts.maxPosition),
    append: parts.append,
    readAggregate: async (request) => (await rows<EventRow>(run, statements.readAggregate(request))).map(rowToEvent),
    readLog: async (request) => (await rows<EventRow>(run, statements.readLog(request))).map(rowToEvent),
    async getBookmark(name) {
      const [found] = await rows<{ position: unknown }>(run, statements.getBookmark(name))
      return found === undefined ? '0' : text(found.position)
    },
    async setBookmark(name, position) {
      await run(statements.setBookmark(name, position))
    },
    storedEventIds: async (ids) =>
      (await rows<{ event_id: unknown }>(run, statements.storedEventIds(ids))).map((row) => text(row.event_id)),
    async readSnapshot(request) {
      const [row] = await rows<SnapshotRow>(run, parts.snapshots.read(request))
      return snapshotFromRow(request, row)
    },
    async writeSnapshot(snapshot) {
      await run(parts.snapshots.write(snapshot))
    },
    ...(parts.leases === undefined ? {} : { leases: parts.leases }),
    failure: (operation, err, request) =>
      request === undefined ? knexProviderError(operation, err) : parts.appendError(err, request),
  })
}
