import { pgMigrateScript, pgProviderError } from '@evtstore/core/postgres'
import { parseOptions, type PgMigrateOptions } from './options.js'

/**
 * Creates the events and bookmarks tables with their constraints and indexes (and the
 * schemas of schema-qualified names). Safe to run any number of times, also from several
 * processes at once; every error is thrown (a `ProviderError` with the driver's error as
 * `cause`), nothing is swallowed. Table names are validated before any I/O.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { migrate } from '@evtstore/provider-pg'
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * await migrate({ client: pool, events: 'events', bookmarks: 'bookmarks' })
 * ```
 */
export async function migrate(options: PgMigrateOptions): Promise<void> {
  const { client, tables } = parseOptions(options, false)
  const script = pgMigrateScript(tables)
  try {
    const connection = await client
    // No values: node-postgres sends it with the simple query protocol, as one transaction.
    await connection.query({ text: script })
  } catch (err) {
    throw pgProviderError('pg', 'migrate', err)
  }
}
