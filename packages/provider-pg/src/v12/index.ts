// @evtstore/provider-pg/v12: copy an evtstore@12 store on Postgres into this one.
export { migrateFromV12 } from './migrate-from-v12.js'
export type { PgV12MigrationOptions } from './migrate-from-v12.js'
export type { PgV12Tables } from '@evtstore/core/postgres'
export { V12_PROGRESS_BOOKMARK, v12EventId } from '@evtstore/core/toolkit'
export type { V12BookmarkResult, V12MigrationOptions, V12MigrationResult } from '@evtstore/core/toolkit'
