import { ValidationError } from '@evtstore/core'
import { parseTableName, refuseUnknownKeys, type TableName } from '@evtstore/core/toolkit'
import type { KnexClientInfo, KnexLike } from './knex-like.js'
import { snapshotTableOf } from './snapshot-statements.js'

/**
 * What a table option returns when given as a function: a Knex query builder such as
 * `db.table('events')` or `db.withSchema('app').table('events')`. The provider reads the
 * builder's knex client and the table it names; it never runs the builder.
 */
export interface KnexTableBuilder {
  /** The builder's knex client (its `client.config` tells the dialect). */
  readonly client: unknown
}

/** A table: its name (`'events'`, `'app.events'`) or a function returning `db.table(name)`. */
export type TableSource = string | (() => KnexTableBuilder)

/** Where the provider finds its Knex client: an instance, or a promise of one. */
export type KnexSource = KnexLike | PromiseLike<KnexLike>

/** The validated names and the (possibly pending) client of one store. */
export interface ResolvedOptions {
  events: TableName
  bookmarks: TableName
  /** Resolves to the client; read it only when I/O starts. */
  client: () => Promise<KnexLike>
  /** The client, when it was given as an instance rather than a promise. */
  clientNow: KnexLike | undefined
}

interface BuilderInternals {
  client?: unknown
  _single?: { table?: unknown; schema?: unknown }
}

function fromBuilder(source: () => KnexTableBuilder, path: string): { table: TableName; client: unknown } {
  let builder: BuilderInternals
  try {
    builder = source() as BuilderInternals
  } catch (cause) {
    throw new ValidationError(path, 'the table function threw', { cause })
  }
  const table = builder?._single?.table
  const schema = builder?._single?.schema
  if (typeof table !== 'string') {
    throw new ValidationError(
      path,
      'the function must return a knex query builder on one table, e.g. () => db.table("events")',
    )
  }
  if (schema !== undefined && typeof schema !== 'string')
    throw new ValidationError(path, 'schema must be a string')
  const name = schema === undefined ? table : `${schema}.${table}`
  return { table: parseTableName(name, path), client: builder.client }
}

/**
 * Whether two names may be one table: SQLite (and MySQL on some systems) fold the case of
 * table names, so names that differ only in case are treated as the same here.
 */
function sameTableIgnoringCase(a: TableName, b: TableName): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase() && a.schema?.toLowerCase() === b.schema?.toLowerCase()
}

function asKnex(value: unknown, path: string): KnexLike {
  const candidate = value as Partial<KnexLike> | null | undefined
  if (
    (typeof candidate !== 'object' && typeof candidate !== 'function') ||
    candidate === null ||
    typeof candidate.raw !== 'function' ||
    typeof candidate.transaction !== 'function'
  ) {
    throw new ValidationError(path, 'expected a knex instance (with raw() and transaction())')
  }
  return candidate as KnexLike
}

/**
 * The dialect information of a Knex instance (`db.client`) or of a Knex client itself.
 *
 * @example
 * ```ts
 * clientInfo(knex({ client: 'better-sqlite3', connection: { filename: ':memory:' } })).driverName // 'better-sqlite3'
 * ```
 */
export function clientInfo(knex: KnexLike): KnexClientInfo {
  const inner = (knex as { client?: unknown }).client
  if (typeof inner === 'object' && inner !== null) return inner as KnexClientInfo
  return knex as unknown as KnexClientInfo
}

/**
 * Validates the table options (before any I/O; `events` and `bookmarks` default to those
 * names; the bookmarks table may not be the events table or its snapshots table
 * `<events>_snapshots`) and finds the client: `options.client`
 * when given (a Knex instance or a promise of one), else the client of the query builder
 * that the `events` function returns.
 *
 * @example
 * ```ts
 * resolveOptions({ events: () => db.table('events'), bookmarks: () => db.table('bookmarks') }, 'options')
 * ```
 */
export function resolveOptions(
  options: { client?: KnexSource; events?: TableSource; bookmarks?: TableSource },
  path: string,
  known: readonly string[] = ['client', 'events', 'bookmarks'],
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ValidationError(path, 'options are required')
  refuseUnknownKeys(options, path, known)
  const tables: Array<{ table: TableName; client: unknown }> = (['events', 'bookmarks'] as const).map(
    (key) => {
      const source: unknown = options[key] ?? key
      const at = `${path}.${key}`
      if (typeof source === 'string') return { table: parseTableName(source, at), client: undefined }
      if (typeof source === 'function') return fromBuilder(source as () => KnexTableBuilder, at)
      throw new ValidationError(at, 'give a table name or a function returning db.table(name)')
    },
  )
  const [events, bookmarks] = tables as [
    { table: TableName; client: unknown },
    { table: TableName; client: unknown },
  ]
  if (events.table.raw === bookmarks.table.raw) {
    throw new ValidationError(`${path}.bookmarks`, 'the bookmarks table must differ from the events table')
  }
  const snapshots = snapshotTableOf(events.table, `${path}.events`)
  if (sameTableIgnoringCase(snapshots, bookmarks.table)) {
    throw new ValidationError(
      `${path}.bookmarks`,
      `${snapshots.raw} holds the snapshots of the events table ${events.table.raw}: name the bookmarks table otherwise`,
    )
  }
  let client: () => Promise<KnexLike>
  let clientNow: KnexLike | undefined
  if (options.client !== undefined) {
    const given = options.client
    if (typeof (given as PromiseLike<unknown>).then === 'function') {
      const pending = Promise.resolve(given).then((value) => asKnex(value, `${path}.client`))
      pending.catch(() => undefined) // reported on first use, not as an unhandled rejection
      client = () => pending
    } else {
      const knex = asKnex(given, `${path}.client`)
      clientNow = knex
      client = async () => knex
    }
  } else {
    const found = events.client ?? bookmarks.client
    if (found === undefined) {
      throw new ValidationError(
        `${path}.client`,
        'give the knex client, or give the tables as functions like () => db.table("events")',
      )
    }
    const knex = asKnex(found, `${path}.events`)
    clientNow = knex
    client = async () => knex
  }
  return { events: events.table, bookmarks: bookmarks.table, client, clientNow }
}
