// @evtstore/v12-test-kit (private): write a store with the real evtstore@12 and check its migrated copy.
export { eventKey, writeV12Store } from './write-v12-store.js'
export type { V12Api, V12HandlerRun, V12ProviderLike, V12Written, V12WrittenEvent } from './write-v12-store.js'
export { checkHandlersResume, checkMigratedEvents, readWholeLog } from './check-v12-migration.js'
export type { V12CheckOptions } from './check-v12-migration.js'
export { printAndExit, runV12Writer } from './run-v12-writer.js'
export { describeV12Migration } from './describe-v12-migration.js'
export type { V12MigrationHarness } from './describe-v12-migration.js'
