// @evtstore/provider-neo4j: evtstore on Neo4j 4.4 and 5. Neo4j 3.5: '@evtstore/provider-neo4j/v3'.
export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { Neo4jMigrateOptions, Neo4jProviderOptions } from './options.js'
export type {
  Neo4jDriver,
  Neo4jQueryResult,
  Neo4jRecord,
  Neo4jSession,
  Neo4jSessionConfig,
  Neo4jTransaction,
} from './neo4j-driver.js'
