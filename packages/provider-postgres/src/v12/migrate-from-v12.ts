import { pgRestoreTimestamps, pgTables, pgV12Source, type PgV12Tables } from '@evtstore/core/postgres'
import { V12_MIGRATION_OPTIONS, copyV12Store, refuseUnknownKeys, type SqlRun, type V12MigrationOptions, type V12MigrationResult } from '@evtstore/core/toolkit'
import { createProvider } from '../create-provider.js'
import { migrate } from '../migrate.js'
import type { PostgresProviderOptions, PostgresSql } from '../options.js'

/** Options of {@link migrateFromV12}. */
export interface PostgresV12MigrationOptions extends V12MigrationOptions {
  /**
   * The evtstore@12 store: a postgres.js `sql` on its database and v12's table names
   * (default `events`, `bookmarks`) — as written by v12's pg, postgres or knex provider.
   */
  from: PgV12Tables & { sql: PostgresSql | Promise<PostgresSql> }
  /**
   * The new store: the options of this provider's `createProvider` (default tables
   * `events`, `bookmarks`). Other tables than v12's: other names, or another database.
   */
  to: PostgresProviderOptions
  /** Run this provider's `migrate()` on the new store first. Default `true`. */
  migrate?: boolean
}

function runOn(sql: PostgresSql | Promise<PostgresSql>): SqlRun {
  // postgres.js may leave holes in a result array; copy it into a plain one.
  return async ({ text, values }) => Array.prototype.filter.call(await (await sql).unsafe(text, [...values]), () => true)
}

/**
 * Copies an evtstore@12 store on Postgres into a store of this provider: every event with
 * its stream, aggregate id, version, timestamp and payload, in v12's position order, then
 * every bookmark at the new position of the event it stood on, so a handler goes on
 * exactly where its v12 bookmark stood. The progress is saved in the new store after each
 * page (bookmark `evtstore.v12-migration`): after a crash, or with `limit`/`signal`, run it
 * again and it goes on from there; a run over a store already copied changes nothing.
 *
 * @example
 * ```ts
 * import postgres from 'postgres'
 * import { migrateFromV12 } from '@evtstore/provider-postgres/v12'
 *
 * const sql = postgres(process.env.DATABASE_URL!)
 * const result = await migrateFromV12({
 *   from: { sql, events: 'events', bookmarks: 'bookmarks' },
 *   to: { sql, events: 'evt_events', bookmarks: 'evt_bookmarks' },
 * })
 * console.log(result.copied, result.bookmarks)
 * ```
 */
export async function migrateFromV12(options: PostgresV12MigrationOptions): Promise<V12MigrationResult> {
  refuseUnknownKeys(options, 'options', V12_MIGRATION_OPTIONS)
  const source = pgV12Source(runOn(options.from.sql), options.from)
  const provider = createProvider(options.to)
  const tables = pgTables(options.to, 'options.to')
  if (options.migrate !== false) await migrate({ sql: options.to.sql, events: tables.events.raw, bookmarks: tables.bookmarks.raw })
  return copyV12Store(source, { provider, restoreTimestamps: pgRestoreTimestamps(runOn(options.to.sql), tables) }, options)
}
