// @evtstore/provider-mongo/v12: copy an evtstore@12 store on MongoDB into this one.
export { migrateFromV12 } from './migrate-from-v12.js'
export type { MongoV12MigrationOptions } from './migrate-from-v12.js'
export type { MongoV12Store } from './mongo-v12-source.js'
export { V12_PROGRESS_BOOKMARK, v12EventId } from '@evtstore/core/toolkit'
export type { V12BookmarkResult, V12MigrationOptions, V12MigrationResult } from '@evtstore/core/toolkit'
