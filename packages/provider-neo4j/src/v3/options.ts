import type { Neo4jDriver } from '../neo4j-driver.js'

/** Options of the `/v3` `createProvider` (Neo4j 3.5, which has one database: no `database`). */
export interface Neo4jV3ProviderOptions {
  /** A `neo4j-driver` Driver (4.4 or 5.x), or a promise of one. You own it. */
  client: Neo4jDriver | Promise<Neo4jDriver>
  /** Label of the event nodes. Default `'Events'`. */
  events?: string
  /** Label of the bookmark nodes (their handler leases get `<bookmarks>_Leases`). Default `'Bookmarks'`. */
  bookmarks?: string
  /** Most events one read returns, whatever core asks for. Default 1000. */
  limit?: number
}

/** Options of the `/v3` `migrate`. */
export type Neo4jV3MigrateOptions = Omit<Neo4jV3ProviderOptions, 'limit'>
