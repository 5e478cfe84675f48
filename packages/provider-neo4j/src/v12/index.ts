// @evtstore/provider-neo4j/v12: copy an evtstore@12 store on Neo4j (4.4, 5 and 3.5) into this one.
export { migrateFromV12 } from './migrate-from-v12.js'
export type { Neo4jV12MigrationOptions } from './migrate-from-v12.js'
export type { Neo4jV12Store } from './neo4j-v12-source.js'
export { V12_PROGRESS_BOOKMARK, v12EventId } from '@evtstore/core/toolkit'
export type { V12BookmarkResult, V12MigrationOptions, V12MigrationResult } from '@evtstore/core/toolkit'
