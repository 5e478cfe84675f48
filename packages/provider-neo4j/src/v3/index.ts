// @evtstore/provider-neo4j/v3: evtstore on Neo4j 3.5 (single-property constraints on a concatenated version key).
export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { Neo4jV3MigrateOptions, Neo4jV3ProviderOptions } from './options.js'
export type { Neo4jDriver } from '../neo4j-driver.js'
