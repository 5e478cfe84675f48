import type { Provider } from '@evtstore/core'
import type { PgQuery } from './pg-target.js'

/** One driver's provider on a fresh test database, for {@link describePgProviderBehaviour}. */
export interface PgProviderHarness {
  /** Raw SQL on the test database. */
  query: PgQuery
  /** The package's `migrate` on the test database (default tables unless named). */
  migrate(tables?: { events?: string; bookmarks?: string }): Promise<void>
  /**
   * The package's `createProvider` on the test database (default tables unless named);
   * with `lazy`, the client is passed as a promise.
   */
  provider(options?: { events?: string; bookmarks?: string; limit?: number; lazy?: boolean }): Provider
  close(): Promise<void>
}
