/**
 * The few parts of `neo4j-driver` this package uses, typed here so that the driver is
 * never imported at runtime. A `Driver` from `neo4j-driver` 4.4 or 5.x fits.
 */

/** One row of a result: values by column name. */
export interface Neo4jRecord {
  /** The value of one column. */
  get(key: string): any
}

/** What awaiting `Transaction.run()` gives. */
export interface Neo4jQueryResult {
  /** The rows. */
  records: Neo4jRecord[]
}

/** An explicit transaction (`session.beginTransaction()`). */
export interface Neo4jTransaction {
  /** Runs one Cypher query with parameters. */
  run(query: string, parameters?: Record<string, unknown>): PromiseLike<Neo4jQueryResult>
  /** Commits the transaction. */
  commit(): Promise<unknown>
  /** Rolls it back. */
  rollback(): Promise<unknown>
}

/** A session; this package opens one per call and closes it afterwards. */
export interface Neo4jSession {
  /** Starts an explicit transaction. */
  beginTransaction(): Neo4jTransaction
  /** Closes the session. */
  close(): Promise<unknown>
}

/** How sessions are opened: read or write access, and on 4.4+ optionally the database. */
export interface Neo4jSessionConfig {
  /** Read or write access (routes to a reader or the leader in a cluster). */
  defaultAccessMode: 'READ' | 'WRITE'
  /** The database (Neo4j 4.4 and later); default: the server's default database. */
  database?: string
}

/**
 * The client: `neo4j.driver(url, auth)` from `neo4j-driver`. The provider never closes
 * it; you own it.
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * const client: Neo4jDriver = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
 * ```
 */
export interface Neo4jDriver {
  /** Opens a session. */
  session(config?: Neo4jSessionConfig): Neo4jSession
}

/** Whether a value looks like a driver (has `session()`). */
export function isNeo4jDriver(value: unknown): value is Neo4jDriver {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { session?: unknown }).session === 'function'
  )
}
