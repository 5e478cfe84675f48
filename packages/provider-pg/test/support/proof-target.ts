import type { Provider } from '@evtstore/core'

/** One dedicated connection: a provider on it, raw SQL, and manual transactions. */
export interface ProofSession {
  /** A provider whose every call runs on this connection (so inside an open transaction). */
  provider: Provider
  query(sql: string, values?: unknown[]): Promise<any[]>
  close(): Promise<void>
}

/**
 * What the ordering proofs need from a driver, so the same proofs run over node-postgres
 * and postgres.js. Every method takes the events table of one scenario.
 */
export interface ProofTarget {
  migrate(events: string): Promise<void>
  /** A provider on the shared pool (autocommit). */
  provider(events: string): Provider
  /** Raw SQL on the shared pool. */
  query(sql: string, values?: unknown[]): Promise<any[]>
  /** Opens a dedicated connection. */
  session(events: string): Promise<ProofSession>
}
