import { ValidationError, isEvtStoreError, type AppendListener, type Position, type Provider } from '@evtstore/core'
import { checkAppendFits, checkNameFits, defineProvider, limitOption } from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import { knexProviderError } from './driver-message.js'
import { knexConnection, type KnexLike, type KnexTransaction } from './knex-like.js'
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
export interface KnexProvider extends Provider<KnexTransaction> {
  /** Resolves to `'sqlite'`, `'mysql'` or `'postgres'` once the client is known. */
  dialect(): Promise<Dialect['name']>
}

/** Shared by {@link createProvider} and `migrate`: the validated store and its lazily found dialect. */
export interface KnexStore {
  knex: () => Promise<KnexLike>
  dialect: () => Promise<Dialect>
  /** The dialect, when the client was given as an instance (known before any I/O). */
  dialectNow: Dialect | undefined
}

/** Validates options (names before any I/O) and prepares the dialect lookup. */
export function openStore(
  options: { client?: KnexSource; events?: TableSource; bookmarks?: TableSource },
  known: readonly string[] = ['client', 'events', 'bookmarks'],
): KnexStore {
  const resolved = resolveOptions(options, 'options', known)
  let pending: Promise<Dialect> | undefined
  const dialect = () => {
    pending ??= resolved.client().then((knex) => selectDialect(clientInfo(knex), resolved.events, resolved.bookmarks))
    return pending
  }
  // With an instance the dialect is known now (its limits too); with a promise, at first use.
  let dialectNow: Dialect | undefined
  if (resolved.clientNow !== undefined) {
    try {
      dialectNow = selectDialect(clientInfo(resolved.clientNow), resolved.events, resolved.bookmarks)
    } catch {
      dialectNow = undefined // an unsupported client is refused at first use, as with a promise
    }
  }
  return { knex: resolved.client, dialect, dialectNow }
}

/**
 * Creates an evtstore provider over Knex for SQLite (better-sqlite3 or sqlite3), Postgres (pg) and
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
  const store = openStore(options, ['client', 'events', 'bookmarks', 'limit'])
  const limit = limitOption(options.limit, 'options.limit')
  let inner: Promise<Provider> | undefined
  const provider = () => {
    inner ??= Promise.all([store.dialect(), store.knex()]).then(([dialect, knex]) =>
      dialect.provider(knexConnection(knex, dialect.runOn), limit, knex),
    )
    return inner
  }
  // The dialect's limits are known once the client is: checked here, before its I/O.
  const withBookmark = async (name: string) => {
    const inner = await provider()
    checkNameFits(inner.capabilities ?? {}, 'bookmark', name, 'name')
    return inner
  }
  const withPosition = async (position: Position, path: string) => {
    const inner = await provider()
    if (inner.acceptsPosition !== undefined && !inner.acceptsPosition(position)) {
      throw new ValidationError(path, `${position} is not a position this store can produce`)
    }
    return inner
  }
  const outer = defineProvider<KnexTransaction>({
    name: 'knex',
    limit,
    fullAggregatePages: true,
    // Every dialect stores snapshots (in <events>_snapshots), so they are offered before the client is known.
    capabilities: { ...store.dialectNow?.capabilities, snapshots: true },
    async append(request) {
      const inner = await provider()
      checkAppendFits(inner.capabilities ?? {}, request)
      return inner.append(request)
    },
    readAggregate: async (request) => (await provider()).readAggregate(request),
    readLog: async (request) => (await withPosition(request.after, 'after')).readLog(request),
    getBookmark: async (name) => (await withBookmark(name)).getBookmark(name),
    setBookmark: async (name, position) => {
      await withBookmark(name)
      return (await withPosition(position, 'position')).setBookmark(name, position)
    },
    readSnapshot: async (request) => (await provider()).readSnapshot!(request),
    async writeSnapshot(snapshot) {
      const inner = await provider()
      checkNameFits(inner.capabilities ?? {}, 'stream', snapshot.stream, 'stream')
      checkNameFits(inner.capabilities ?? {}, 'aggregateId', snapshot.aggregateId, 'aggregateId')
      return inner.writeSnapshot!(snapshot)
    },
    failure: (operation, err) => knexProviderError(operation, err),
    // Push wake-ups where the dialect, known now, has them (Postgres: LISTEN/NOTIFY).
    ...(store.dialectNow?.push === true
      ? {
          async subscribeAppends(listener: AppendListener) {
            const inner = await provider()
            if (inner.subscribeAppends === undefined) throw new TypeError('this knex client cannot LISTEN (a transaction, or no connection pool)')
            return inner.subscribeAppends(listener)
          },
        }
      : {}),
    // Every dialect runs handler batches in a knex transaction: each event in a nested
    // one (a savepoint), the bookmark written by the dialect's own provider on the
    // transaction, fenced like setFencedBookmark (on MariaDB its check nests a savepoint).
    async transaction(work) {
      const [dialect, knex] = await Promise.all([store.dialect(), store.knex()])
      return knex.transaction(async (trx) => {
        const inTransaction = dialect.provider(knexConnection(trx, dialect.runOn), limit)
        return work({
          tx: trx as KnexTransaction,
          savepoint: (inner) => Promise.resolve(trx.transaction((nested) => inner(nested as KnexTransaction))),
          setBookmark: async (name, position) => {
            await withPosition(position, 'position')
            await inTransaction.setBookmark(name, position)
          },
          setFencedBookmark: async (name, position, holder) => {
            await withPosition(position, 'position')
            return inTransaction.setFencedBookmark!(name, position, holder)
          },
        })
      })
    },
    // Every dialect keeps leases; the names are checked against its limits first.
    leases: {
      acquire: async (request) => (await withBookmark(request.name)).acquireLease!(request),
      release: async (name, holder) => (await withBookmark(name)).releaseLease!(name, holder),
      setFencedBookmark: async (name, position, holder) => {
        await withBookmark(name)
        return (await withPosition(position, 'position')).setFencedBookmark!(name, position, holder)
      },
    },
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

