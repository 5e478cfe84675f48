import { ValidationError } from '@evtstore/core'
import { driverOption, identifierOption, limitOption, refuseUnknownKeys } from '@evtstore/core/toolkit'
import { isNeo4jDriver, type Neo4jDriver } from './neo4j-driver.js'

/** Options of `createProvider` (Neo4j 4.4 and 5). */
export interface Neo4jProviderOptions {
  /** A `neo4j-driver` Driver, or a promise of one. You own it: the provider never closes it. */
  client: Neo4jDriver | Promise<Neo4jDriver>
  /** Label of the event nodes. Default `'Events'`. */
  events?: string
  /** Label of the bookmark nodes (their handler leases get `<bookmarks>_Leases`). Default `'Bookmarks'`. */
  bookmarks?: string
  /** Most events one read returns, whatever core asks for. Default 1000. */
  limit?: number
  /** The database to use (Neo4j 4.4+); default: the server's default database. */
  database?: string
}

/** Options of `migrate` (Neo4j 4.4 and 5). */
export type Neo4jMigrateOptions = Omit<Neo4jProviderOptions, 'limit'>

/**
 * The labels one store uses, validated; the counter and snapshot labels are derived from
 * the events label, the leases label from the bookmarks label.
 */
export interface Neo4jLabels {
  /** Event nodes. */
  events: string
  /** The one node holding the last position handed out: `<events>_Counter`. */
  counter: string
  /** Bookmark nodes. */
  bookmarks: string
  /** Handler lease nodes (exclusive and partitioned handlers): `<bookmarks>_Leases`. */
  leases: string
  /** Aggregate snapshot nodes, one per aggregate: `<events>_Snapshots`. */
  snapshots: string
}

/** Options after validation. */
export interface ParsedOptions {
  client: Promise<Neo4jDriver>
  labels: Neo4jLabels
  limit: number
  database: string | undefined
}

/**
 * Validates options before any I/O and throws `ValidationError` for anything wrong:
 * labels must be plain identifiers, `limit` an integer >= 1, `database` a non-empty
 * string (and absent where `databases` is false, i.e. on Neo4j 3.5).
 *
 * @example
 * ```ts
 * parseOptions({ client: driver, events: 'Orders' }, { databases: true }).labels.counter // 'Orders_Counter'
 * ```
 */
export function parseOptions(
  options: unknown,
  { databases, migrate = false }: { databases: boolean; migrate?: boolean },
): ParsedOptions {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError('options', 'must be an object')
  // `database` is named here on 3.5 too, so that it gets the message below.
  refuseUnknownKeys(options, 'options', migrate ? ['client', 'events', 'bookmarks', 'database'] : ['client', 'events', 'bookmarks', 'limit', 'database'])
  const given = options as Partial<Neo4jProviderOptions>
  const events = identifierOption(given.events, 'options.events', 'Events')
  const bookmarks = identifierOption(given.bookmarks, 'options.bookmarks', 'Bookmarks')
  const labels: Neo4jLabels = { events, counter: `${events}_Counter`, bookmarks, leases: `${bookmarks}_Leases`, snapshots: `${events}_Snapshots` }
  if (bookmarks === events || bookmarks === labels.counter || bookmarks === labels.snapshots) {
    throw new ValidationError(
      'options.bookmarks',
      `must differ from the events label ${events} and the labels derived from it, ${labels.counter} and ${labels.snapshots}`,
    )
  }
  if (events === labels.leases) {
    throw new ValidationError(
      'options.events',
      `must differ from ${labels.leases}, the label of the bookmarks' leases`,
    )
  }
  const limit = limitOption(given.limit, 'options.limit')
  let database: string | undefined
  if (given.database !== undefined) {
    if (!databases) {
      throw new ValidationError(
        'options.database',
        'Neo4j 3.5 has one database per server: leave database out',
      )
    }
    if (typeof given.database !== 'string' || given.database.length === 0 || given.database.length > 63) {
      throw new ValidationError('options.database', 'must be a database name (a non-empty string)')
    }
    database = given.database
  }
  const client = driverOption(
    given.client,
    'options.client',
    isNeo4jDriver,
    'a neo4j-driver Driver (something with session())',
  )
  return { client, labels, limit, database }
}

/**
 * A label as it goes into Cypher: backquoted. Only ever called with labels that passed
 * `identifierOption` (letters, digits, underscores), so there is nothing to escape.
 *
 * @example
 * ```ts
 * quoteLabel('Events') // '`Events`'
 * ```
 */
export function quoteLabel(label: string): string {
  return `\`${label}\``
}
