// @evtstore/provider-knex/v12: copy a store written by evtstore@12's knex provider into this one.
export { migrateFromV12 } from './migrate-from-v12.js'
export type { KnexV12MigrationOptions } from './migrate-from-v12.js'
export type { KnexV12Store } from './knex-v12-source.js'
export { V12_PROGRESS_BOOKMARK, v12EventId } from '@evtstore/core/toolkit'
export type { V12BookmarkResult, V12MigrationOptions, V12MigrationResult } from '@evtstore/core/toolkit'
