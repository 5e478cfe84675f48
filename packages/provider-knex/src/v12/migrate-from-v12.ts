import { V12_MIGRATION_OPTIONS, copyV12Store, refuseUnknownKeys, parseTableName, type V12MigrationOptions, type V12MigrationResult } from '@evtstore/core/toolkit'
import { createProvider } from '../create-provider.js'
import type { KnexLike } from '../knex-like.js'
import { migrate } from '../migrate.js'
import { knexV12Source, type KnexV12Store } from './knex-v12-source.js'
import { restoreKnexTimestamps } from './restore-knex-timestamps.js'

/** Options of {@link migrateFromV12}. */
export interface KnexV12MigrationOptions extends V12MigrationOptions {
  /** The evtstore@12 store: a knex instance and v12's table names (default `events`, `bookmarks`). */
  from: KnexV12Store
  /**
   * The new store: a knex instance (better-sqlite3, sqlite3, pg or mysql2) and this
   * provider's table names (default `events`, `bookmarks`). Must be other tables than
   * v12's: give other names, or another database.
   */
  to: { client: KnexLike; events?: string; bookmarks?: string; limit?: number }
  /** Run this provider's `migrate()` on the new store first. Default `true`. */
  migrate?: boolean
}

/**
 * Copies a store written by evtstore@12's knex provider (SQLite, Postgres or MySQL/MariaDB)
 * into a store of this provider: every event with its stream, aggregate id, version,
 * timestamp and payload, in v12's position order, then every bookmark at the new position
 * of the event it stood on, so a handler goes on exactly where its v12 bookmark stood. The
 * progress is saved in the new store after each page (bookmark `evtstore.v12-migration`):
 * after a crash, or with `limit`/`signal`, run it again and it goes on from there; a run
 * over a store already copied changes nothing.
 *
 * @example
 * ```ts
 * import knex from 'knex'
 * import { migrateFromV12 } from '@evtstore/provider-knex/v12'
 *
 * const db = knex({ client: 'better-sqlite3', connection: { filename: 'app.sqlite' }, useNullAsDefault: true })
 * const result = await migrateFromV12({
 *   from: { client: db, events: 'events', bookmarks: 'bookmarks' },
 *   to: { client: db, events: 'evt_events', bookmarks: 'evt_bookmarks' },
 * })
 * console.log(result.copied, result.bookmarks)
 * ```
 */
export async function migrateFromV12(options: KnexV12MigrationOptions): Promise<V12MigrationResult> {
  refuseUnknownKeys(options, 'options', V12_MIGRATION_OPTIONS)
  const source = knexV12Source(options.from)
  const events = parseTableName(options.to.events ?? 'events', 'options.to.events').raw
  const bookmarks = parseTableName(options.to.bookmarks ?? 'bookmarks', 'options.to.bookmarks').raw
  const target = { client: options.to.client, events, bookmarks }
  const provider = createProvider({ ...target, ...(options.to.limit === undefined ? {} : { limit: options.to.limit }) })
  const restoreTimestamps = restoreKnexTimestamps(options.to.client, events)
  if (options.migrate !== false) await migrate(target)
  return copyV12Store(source, { provider, restoreTimestamps }, options)
}
