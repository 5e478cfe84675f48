import type { Provider } from '../provider.js'
import { pgAppendError, pgProviderError } from './pg-errors.js'
import { pgOperations, type PgRun } from './pg-operations.js'
import { pgAppendWithRetry } from './pg-retry.js'
import type { PgTables } from './pg-tables.js'

/** What {@link createPgProvider} needs from a driver package. */
export interface PgProviderParts {
  /** The provider's name in errors and `provider.name`, e.g. `'pg'`. */
  name: string
  /** The validated tables (see `pgTables`). */
  tables: PgTables
  /** Largest page one read returns, whatever core asks for (an integer >= 1). */
  limit: number
  /** Sends one statement through the driver and resolves to its rows. */
  run: PgRun
}

/**
 * A complete evtstore provider on Postgres from a driver adapter: only `run` knows the
 * driver. Every call is one statement from the toolkit (appends atomic and version-checked,
 * sent again on serialization failures and deadlocks, see `pgAppendWithRetry`; log reads
 * gated below the oldest open transaction), reads are capped at `limit`, and
 * driver errors become `VersionConflictError`, `DuplicateEventError` or `ProviderError`
 * with the driver error as `cause`.
 *
 * @example
 * ```ts
 * const provider = createPgProvider({
 *   name: 'pg',
 *   tables: pgTables({ events: 'events' }),
 *   limit: 1000,
 *   run: async ({ text, values }) => (await pool.query({ text, values: [...values] })).rows,
 * })
 * ```
 */
export function createPgProvider(parts: PgProviderParts): Provider {
  const { name, tables, limit, run } = parts
  const ops = pgOperations(name, tables)

  async function guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      throw pgProviderError(name, operation, err)
    }
  }

  return {
    name,

    async append(request) {
      try {
        return await pgAppendWithRetry(
          request,
          () => ops.append(run, request),
          () => ops.headVersion(run, request),
        )
      } catch (err) {
        throw pgAppendError(name, tables, request, err)
      }
    },

    readAggregate: (request) =>
      guarded('readAggregate', () =>
        ops.readAggregate(run, { ...request, limit: Math.min(request.limit, limit) }),
      ),

    readLog: (request) =>
      guarded('readLog', () => ops.readLog(run, { ...request, limit: Math.min(request.limit, limit) })),

    getBookmark: (bookmark) => guarded('getBookmark', () => ops.getBookmark(run, bookmark)),

    setBookmark: (bookmark, position) =>
      guarded('setBookmark', () => ops.setBookmark(run, bookmark, position)),
  }
}
