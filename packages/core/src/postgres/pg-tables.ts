import { ValidationError } from '../errors.js'
import { leaseTableOf } from '../toolkit/lease-table.js'
import { derivedName, parseTableName, quoteIdentifier, type TableName } from '../toolkit/table-name.js'

/** Postgres folds unquoted names to lower case, but the provider quotes them: compare as written, `public` being the default schema. */
function sameTable(a: TableName, b: TableName): boolean {
  return a.name === b.name && (a.schema ?? 'public') === (b.schema ?? 'public')
}

/** The validated tables of one Postgres store, with the names of their constraints and indexes. */
export interface PgTables {
  /** The events table. */
  readonly events: TableName
  /** The bookmarks table. */
  readonly bookmarks: TableName
  /** Aggregate snapshots: `<events>_snapshots`, in the events table's schema. */
  readonly snapshots: TableName
  /** The handler leases: the bookmarks table's name with `_leases`, in its schema. */
  readonly leases: TableName
  /** Unique (stream, aggregate_id, version): a clash here is a version conflict. */
  readonly versionConstraint: string
  /** Unique (event_id): a clash here is a duplicate event id. */
  readonly eventIdConstraint: string
  /**
   * The channel every append notifies (`pg_notify(channel, stream)`) and push
   * subscriptions `LISTEN` on: `<schema>_<events>_appends` (schema `public` when the name
   * has none), shortened with a hash past 63 characters like the index names.
   */
  readonly channel: string
}

/**
 * Validates the two table names of a Postgres store (defaults `events` and `bookmarks`)
 * and derives the constraint names from them. Throws `ValidationError` before any I/O.
 *
 * @example
 * ```ts
 * const tables = pgTables({ events: 'app.events' })
 * tables.events.sql // '"app"."events"'
 * tables.versionConstraint // 'events_version_key'
 * tables.channel // 'app_events_appends'
 * ```
 */
export function pgTables(
  options: { events?: unknown; bookmarks?: unknown } = {},
  path = 'options',
): PgTables {
  const events = parseTableName(options.events ?? 'events', `${path}.events`)
  const bookmarks = parseTableName(options.bookmarks ?? 'bookmarks', `${path}.bookmarks`)
  if (sameTable(events, bookmarks)) {
    throw new ValidationError(`${path}.bookmarks`, 'the bookmarks table must differ from the events table')
  }
  const snapshotsName = derivedName(events, 'snapshots')
  const snapshots = parseTableName(events.schema === undefined ? snapshotsName : `${events.schema}.${snapshotsName}`, `${path}.events`)
  if (sameTable(snapshots, bookmarks)) {
    throw new ValidationError(`${path}.bookmarks`, `${snapshots.raw} holds the snapshots of the events table ${events.raw}: name the bookmarks table otherwise`)
  }
  const leases = leaseTableOf(bookmarks)
  if (sameTable(events, leases)) {
    throw new ValidationError(`${path}.events`, `the events table must differ from the leases table ${leases.raw} (named after the bookmarks table)`)
  }
  return {
    events,
    bookmarks,
    snapshots,
    leases,
    versionConstraint: derivedName(events, 'version_key'),
    eventIdConstraint: derivedName(events, 'event_id_key'),
    channel: appendChannel(events),
  }
}

/** The notification channel of an events table; see {@link PgTables.channel}. */
function appendChannel(events: TableName): string {
  const schema = events.schema ?? 'public'
  return derivedName({ schema: undefined, name: `${schema}_${events.name}`, raw: `${schema}.${events.name}`, sql: '' }, 'appends')
}

/**
 * Quoted name of a constraint or index derived from `table` and `suffix`.
 *
 * @example
 * ```ts
 * quotedDerivedName(parseTableName('app.events', 'events'), 'log_idx') // '"events_log_idx"'
 * ```
 */
export function quotedDerivedName(table: TableName, suffix: string): string {
  return quoteIdentifier(derivedName(table, suffix))
}
