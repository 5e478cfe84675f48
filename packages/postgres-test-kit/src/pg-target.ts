import type { Provider } from '@evtstore/core'

/** Raw SQL with numbered placeholders (`$1`), resolving to the rows. */
export type PgQuery = (text: string, values?: unknown[]) => Promise<any[]>

/**
 * One dedicated connection to Postgres: raw SQL, manual transactions, and a provider
 * whose calls run on this connection (inside the open transaction, if any).
 */
export interface PgSession {
  /** A provider on this connection: between `begin()` and `commit()` its appends join the transaction. */
  provider: Provider
  query: PgQuery
  begin(): Promise<void>
  commit(): Promise<void>
  rollback(): Promise<void>
  /** Releases the connection (rolling back a transaction left open). */
  close(): Promise<void>
}

/**
 * What the Postgres ordering scenarios need from one driver (node-postgres, postgres.js,
 * knex + pg) on one test database. Every method takes the events table of one scenario;
 * its bookmarks table is `${events}_bookmarks`.
 */
export interface PgTarget {
  /** Names the driver in printed totals, e.g. `'provider-pg'`. */
  label: string
  migrate(events: string): Promise<void>
  /** A provider on the shared pool (autocommit). */
  provider(events: string): Provider
  /** Raw SQL on the shared pool. */
  query: PgQuery
  /** Opens a dedicated connection. */
  session(events: string): Promise<PgSession>
}
