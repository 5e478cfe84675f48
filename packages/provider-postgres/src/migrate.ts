import { pgMigrateScript, pgProviderError } from '@evtstore/core/postgres'
import { parseOptions, type PostgresMigrateOptions } from './options.js'

/**
 * Creates the events and bookmarks tables with their constraints and indexes (and the
 * schemas of schema-qualified names). Safe to run any number of times, also from several
 * processes at once; every error is thrown (a `ProviderError` with the driver's error as
 * `cause`), nothing is swallowed. Table names are validated before any I/O.
 *
 * @example
 * ```ts
 * import postgres from 'postgres'
 * import { migrate } from '@evtstore/provider-postgres'
 * const sql = postgres(process.env.DATABASE_URL!)
 * await migrate({ sql, events: 'events', bookmarks: 'bookmarks' })
 * ```
 */
export async function migrate(options: PostgresMigrateOptions): Promise<void> {
  const { sql, tables } = parseOptions(options, false)
  const script = pgMigrateScript(tables)
  try {
    const connection = await sql
    // The simple query protocol runs the whole script as one implicit transaction.
    const query = connection.unsafe(script)
    if (typeof query.simple !== 'function') {
      throw new TypeError('this postgres.js has no query.simple() (every 3.4 release has it): migrate needs the simple protocol')
    }
    await query.simple()
  } catch (err) {
    throw pgProviderError('postgres', 'migrate', err)
  }
}
