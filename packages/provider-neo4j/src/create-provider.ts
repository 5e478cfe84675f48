import type { Provider } from '@evtstore/core'
import { defineProvider } from '@evtstore/core/toolkit'
import { hasUniqueConstraint } from './migrate.js'
import { neo4jDefinition } from './neo4j-definition.js'
import { parseOptions, type Neo4jProviderOptions } from './options.js'

/**
 * An evtstore provider on Neo4j 4.4 or 5 (for 3.5, use `@evtstore/provider-neo4j/v3`).
 * Each append is one explicit write transaction: a version check, then the event nodes,
 * numbered from a counter node that stays locked until commit, so positions commit in
 * order and handlers never skip an event that commits late. Uniqueness of versions and
 * event ids is enforced by constraints. Reads run in read transactions. Handler leases
 * (capability `leases`: exclusive and partitioned handlers) are nodes `<bookmarks>_Leases`
 * that expire on the server's clock, and an exclusive handler's bookmark writes are
 * checked against its lease in the same transaction. Options are
 * validated before any I/O; run {@link migrate} once before use.
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * import { createDomain } from '@evtstore/core'
 * import { createProvider, migrate } from '@evtstore/provider-neo4j'
 *
 * const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
 * await migrate({ client, events: 'Events', bookmarks: 'Bookmarks' })
 * const provider = createProvider({ client, events: 'Events', bookmarks: 'Bookmarks', limit: 1000 })
 * const { domain, createHandler } = createDomain({ provider }, { account })
 * ```
 */
export function createProvider(options: Neo4jProviderOptions): Provider {
  return defineProvider(
    neo4jDefinition(parseOptions(options, { databases: true }), { name: 'neo4j', versionKey: false, hasUniqueConstraint }),
  )
}
