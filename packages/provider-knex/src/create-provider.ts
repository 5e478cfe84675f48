import {
  DuplicateEventError,
  ValidationError,
  isDuplicateEventError,
  isEvtStoreError,
  type AppendRequest,
  type Provider,
  type StoredEvent,
} from '@evtstore/core'
import { checkAppendBytes, checkBookmarkBytes } from './byte-limits.js'
import type { Dialect } from './dialect.js'
import { knexProviderError } from './driver-message.js'
import { runnerOf, type KnexLike } from './knex-like.js'
import { clientInfo, resolveOptions, type KnexSource, type TableSource } from './resolve-options.js'
import { selectDialect } from './select-dialect.js'

/** Options of {@link createProvider}. */
export interface KnexProviderOptions {
  /**
   * The events table: a function returning a knex query builder on it
   * (`() => db.table('events')`, `() => db.withSchema('app').table('events')`), or its
   * name (`'events'`, `'app.events'`, then `client` is required). Validated before any I/O.
   */
  events: TableSource
  /** The bookmarks table, given the same way as `events`. */
  bookmarks: TableSource
  /**
   * The knex instance (or a promise of one). Optional when the tables are given as
   * functions: the provider then uses the client of the builder `events()` returns.
   */
  client?: KnexSource
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
export function openStore(options: {
  client?: KnexSource
  events: TableSource
  bookmarks: TableSource
}): KnexStore {
  const resolved = resolveOptions(options, 'options')
  let pending: Promise<Dialect> | undefined
  const dialect = () => {
    pending ??= resolved
      .client()
      .then((knex) => selectDialect(clientInfo(knex), resolved.events, resolved.bookmarks))
    return pending
  }
  return { knex: resolved.client, dialect }
}

/** Narrows a `DuplicateEventError` to the ids that clash (stored already, or repeated in the request). */
async function nameDuplicates(
  dialect: Dialect,
  knex: KnexLike,
  request: AppendRequest,
  err: Error,
): Promise<Error> {
  if (!isDuplicateEventError(err)) return err
  const ids = request.events.map((e) => e.id)
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
  const stored = await dialect.storedEventIds(runnerOf(knex), ids).catch(() => ids)
  const clashing = ids.filter((id) => repeated.includes(id) || stored.includes(id))
  if (clashing.length === 0) return err
  return new DuplicateEventError(
    { stream: request.stream, aggregateId: request.aggregateId, eventIds: [...new Set(clashing)] },
    { cause: err.cause },
  )
}

function failure(operation: string, err: unknown): Error {
  if (isEvtStoreError(err)) return err
  return knexProviderError(operation, err)
}

/**
 * Creates an evtstore provider over Knex for SQLite (better-sqlite3), Postgres (pg) and
 * MariaDB/MySQL (mysql2). Run {@link migrate} once first.
 *
 * @example
 * ```ts
 * import knex from 'knex'
 * import { createProvider, migrate } from '@evtstore/provider-knex'
 * const db = knex({ client: 'better-sqlite3', connection: { filename: 'events.db' }, useNullAsDefault: true })
 * await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
 * const provider = createProvider({ limit: 1000, events: () => db.table('events'), bookmarks: () => db.table('bookmarks') })
 * ```
 */
export function createProvider(options: KnexProviderOptions): KnexProvider {
  const store = openStore(options)
  const cap = options.limit ?? 1000
  if (!Number.isInteger(cap) || cap < 1)
    throw new ValidationError('options.limit', 'must be an integer of at least 1')

  async function run<T>(
    operation: string,
    work: (dialect: Dialect, knex: KnexLike) => Promise<T>,
  ): Promise<T> {
    try {
      const [dialect, knex] = await Promise.all([store.dialect(), store.knex()])
      return await work(dialect, knex)
    } catch (err) {
      throw failure(operation, err)
    }
  }

  return {
    name: 'knex',

    dialect: () => run('dialect', async (dialect) => dialect.name),

    async append(request) {
      const [dialect, knex] = await run('append', (d, k) => Promise.resolve([d, k] as const))
      if (dialect.byteLimits !== undefined) checkAppendBytes(dialect.byteLimits, request)
      try {
        const attempt = async () => knex.transaction((trx) => dialect.append(runnerOf(trx), request))
        return await (dialect.retryAppend?.(attempt, runnerOf(knex), request) ?? attempt())
      } catch (err) {
        throw await nameDuplicates(dialect, knex, request, dialect.appendError(err, request))
      }
    },

    readAggregate: (request) =>
      run('readAggregate', (dialect, knex) =>
        dialect.readAggregate(runnerOf(knex), { ...request, limit: Math.min(request.limit, cap) }),
      ),

    readLog: (request): Promise<StoredEvent[]> =>
      run('readLog', (dialect, knex) =>
        dialect.readLog(runnerOf(knex), { ...request, limit: Math.min(request.limit, cap) }),
      ),

    getBookmark: (name) => run('getBookmark', (dialect, knex) => dialect.getBookmark(runnerOf(knex), name)),

    setBookmark: (name, position) =>
      run('setBookmark', (dialect, knex) => {
        if (dialect.byteLimits !== undefined) checkBookmarkBytes(dialect.byteLimits, name)
        return dialect.setBookmark(runnerOf(knex), name, position)
      }),
  }
}
