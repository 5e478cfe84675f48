import { pgRestoreTimestamps, pgTables, pgV12Source, type PgV12Tables } from '@evtstore/core/postgres'
import { V12_MIGRATION_OPTIONS, copyV12Store, refuseUnknownKeys, type SqlRun, type V12MigrationOptions, type V12MigrationResult } from '@evtstore/core/toolkit'
import { createProvider } from '../create-provider.js'
import { migrate } from '../migrate.js'
import type { PgProviderOptions, PgQueryable } from '../options.js'

/** Options of {@link migrateFromV12}. */
export interface PgV12MigrationOptions extends V12MigrationOptions {
  /**
   * The evtstore@12 store: a pg Pool (or Client) on its database and v12's table names
   * (default `events`, `bookmarks`) — as written by v12's pg, postgres or knex provider.
   */
  from: PgV12Tables & { client: PgQueryable }
  /**
   * The new store: the options of this provider's `createProvider` (default tables
   * `events`, `bookmarks`). Other tables than v12's: other names, or another database.
   */
  to: PgProviderOptions
  /** Run this provider's `migrate()` on the new store first. Default `true`. */
  migrate?: boolean
}

function runOn(client: PgQueryable | Promise<PgQueryable>): SqlRun {
  return async ({ text, values }) => (await (await client).query({ text, values: [...values] })).rows
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
 * import pg from 'pg'
 * import { migrateFromV12 } from '@evtstore/provider-pg/v12'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * const result = await migrateFromV12({
 *   from: { client: pool, events: 'events', bookmarks: 'bookmarks' },
 *   to: { client: pool, events: 'evt_events', bookmarks: 'evt_bookmarks' },
 * })
 * console.log(result.copied, result.bookmarks)
 * ```
 */
export async function migrateFromV12(options: PgV12MigrationOptions): Promise<V12MigrationResult> {
  refuseUnknownKeys(options, 'options', V12_MIGRATION_OPTIONS)
  const source = pgV12Source(runOn(options.from.client), options.from)
  const provider = createProvider(options.to)
  const tables = pgTables(options.to, 'options.to')
  if (options.migrate !== false) await migrate({ client: options.to.client, events: tables.events.raw, bookmarks: tables.bookmarks.raw })
  return copyV12Store(source, { provider, restoreTimestamps: pgRestoreTimestamps(runOn(options.to.client), tables) }, options)
}
