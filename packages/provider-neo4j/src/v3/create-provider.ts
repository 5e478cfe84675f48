import type { Provider } from '@evtstore/core'
import { defineProvider } from '@evtstore/core/toolkit'
import { neo4jDefinition } from '../neo4j-definition.js'
import { parseOptions } from '../options.js'
import { hasUniqueConstraintV3 } from './migrate.js'
import type { Neo4jV3ProviderOptions } from './options.js'

/**
 * The provider for Neo4j 3.5: the same appends, reads and ordering as the main entry,
 * (handler leases included), but each event also carries `versionKey`, its stream, aggregate id and version as one
 * text, because 3.5 can only make single properties unique. Use it with the `migrate`
 * of this entry. Options are validated before any I/O (`database` is refused: 3.5 has one).
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * import { createProvider, migrate } from '@evtstore/provider-neo4j/v3'
 *
 * const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
 * await migrate({ client })
 * const provider = createProvider({ client, events: 'Events', bookmarks: 'Bookmarks' })
 * ```
 */
export function createProvider(options: Neo4jV3ProviderOptions): Provider {
  return defineProvider(
    neo4jDefinition(parseOptions(options, { databases: false }), { name: 'neo4j-v3', versionKey: true, hasUniqueConstraint: hasUniqueConstraintV3 }),
  )
}
