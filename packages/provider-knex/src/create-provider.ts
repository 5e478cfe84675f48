import { isEvtStoreError, type Provider } from '@evtstore/core'
import { defineProvider, limitOption } from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import { knexProviderError } from './driver-message.js'
import { knexConnection, type KnexLike } from './knex-like.js'
import { clientInfo, resolveOptions, type KnexSource, type TableSource } from './resolve-options.js'
import { selectDialect } from './select-dialect.js'

/** Options of {@link createProvider}. */
export interface KnexProviderOptions {
  /**
   * The knex instance (or a promise of one). Optional when the tables are given as
   * functions: the provider then uses the client of the builder `events()` returns.
   */
  client?: KnexSource
  /**
   * The events table: its name (`'events'`, `'app.events'`), or a function returning a
   * knex query builder on it (`() => db.table('events')`,
   * `() => db.withSchema('app').table('events')`). Default `'events'`. Validated before any I/O.
   */
  events?: TableSource
  /** The bookmarks table, given the same way as `events`. Default `'bookmarks'`. */
  bookmarks?: TableSource
  /** Largest page a read returns, whatever the caller asks. Default 1000. */
  limit?: number
}

/** The provider, plus the dialect it speaks (for diagnostics and tests). */
export interface KnexProvider extends Provider {
  /** Resolves to `'sqlite'`, `'mysql'` or `'postgres'` once the client is known. */
  dialect(): Promise<Dialect['name']>
}

/** Shared by {@link createProvider} and `migrate`: the validated store and its lazily found dialect. */
export interface KnexStore {
  knex: () => Promise<KnexLike>
  dialect: () => Promise<Dialect>
}

/** Validates options (names before any I/O) and prepares the dialect lookup. */
export function openStore(options: { client?: KnexSource; events?: TableSource; bookmarks?: TableSource }): KnexStore {
  const resolved = resolveOptions(options, 'options')
  let pending: Promise<Dialect> | undefined
  const dialect = () => {
    pending ??= resolved.client().then((knex) => selectDialect(clientInfo(knex), resolved.events, resolved.bookmarks))
    return pending
  }
  return { knex: resolved.client, dialect }
}

/**
 * Creates an evtstore provider over Knex for SQLite (better-sqlite3), Postgres (pg) and
 * MariaDB/MySQL (mysql2). Options are validated now, before any I/O; the dialect is
 * picked from the client on first use (the client may be a promise). Run {@link migrate}
 * once first.
 *
 * @example
 * ```ts
 * import knex from 'knex'
 * import { createProvider, migrate } from '@evtstore/provider-knex'
 * const db = knex({ client: 'better-sqlite3', connection: { filename: 'events.db' }, useNullAsDefault: true })
 * await migrate({ client: db })
 * const provider = createProvider({ client: db, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
 * ```
 */
export function createProvider(options: KnexProviderOptions): KnexProvider {
  const store = openStore(options)
  const limit = limitOption(options.limit, 'options.limit')
  let inner: Promise<Provider> | undefined
  const provider = () => {
    inner ??= Promise.all([store.dialect(), store.knex()]).then(([dialect, knex]) =>
      dialect.provider(knexConnection(knex, dialect.runOn), limit),
    )
    return inner
  }
  const outer = defineProvider({
    name: 'knex',
    limit,
    append: async (request) => (await provider()).append(request),
    readAggregate: async (request) => (await provider()).readAggregate(request),
    readLog: async (request) => (await provider()).readLog(request),
    getBookmark: async (name) => (await provider()).getBookmark(name),
    setBookmark: async (name, position) => (await provider()).setBookmark(name, position),
    failure: (operation, err) => knexProviderError(operation, err),
  })
  return {
    ...outer,
    dialect: () =>
      store.dialect().then(
        (dialect) => dialect.name,
        (err: unknown) => Promise.reject(isEvtStoreError(err) ? err : knexProviderError('dialect', err)),
      ),
  }
}

