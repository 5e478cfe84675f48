import { isEvtStoreError } from '@evtstore/core'
import { knexProviderError } from './driver-message.js'
import { openStore } from './create-provider.js'
import type { KnexSource, TableSource } from './resolve-options.js'

/** Options of {@link migrate}. */
export interface KnexMigrateOptions {
  /** The knex instance (or a promise of one). Optional when the tables are given as functions. */
  client?: KnexSource
  /** The events table name (`'events'`, `'app.events'`) or `() => db.table('events')`. Default `'events'`. */
  events?: TableSource
  /** The bookmarks table, given the same way. Default `'bookmarks'`. */
  bookmarks?: TableSource
}

/**
 * Creates the store's tables, unique constraints and indexes (and, on MariaDB/MySQL, the
 * position counter). Idempotent: run it at every start. Names are validated before any
 * I/O; any database error is thrown as a `ProviderError` with the driver's error as `cause`.
 *
 * @example
 * ```ts
 * await migrate({ client: db }) // tables 'events' and 'bookmarks'
 * ```
 */
export async function migrate(options: KnexMigrateOptions): Promise<void> {
  const store = openStore(options)
  try {
    const [dialect, knex] = await Promise.all([store.dialect(), store.knex()])
    await dialect.migrate(dialect.runOn(knex))
  } catch (err) {
    if (isEvtStoreError(err)) throw err
    throw knexProviderError('migrate', err)
  }
}
