// @evtstore/postgres-test-kit: the Postgres-only test scenarios that provider-pg,
// provider-postgres and provider-knex (on Postgres) share (private). What any provider
// needs (the stress runner, the held-append test) is in @evtstore/conformance.
export { sleep } from './sleep.js'
export { pushCounter, waitUntil } from './push-fixture.js'
export { listenKillScenario } from './listen-kill-scenario.js'
export type { SqlRows } from './listen-kill-scenario.js'
export { waitForGate } from './wait-for-gate.js'
export type { PgQuery, PgSession, PgTarget } from './pg-target.js'
export {
  earlyXidScenario,
  freshTable,
  heldAppendScenario,
  note,
  recordingHandler,
  versionOrderScenario,
} from './pg-ordering-scenarios.js'
export type { ScenarioResult } from './pg-ordering-scenarios.js'
export { pgStressScenario } from './pg-stress-scenario.js'
export { sequenceOrderReader, ungatedReader } from './broken-pg-readers.js'
export { describePgOrderingGate, describePgOrderingStress } from './describe-pg-ordering.js'
export type { OpenPgTarget } from './describe-pg-ordering.js'
export { describePgProviderBehaviour } from './describe-pg-provider.js'
export type { PgProviderHarness } from './pg-provider-harness.js'
export { caught, ev } from './test-events.js'
export { sqlSession } from './sql-session.js'
export { PG_TX_ROWS_TABLE, describePgConformance } from './describe-pg-conformance.js'
export type { PgConformanceHarness } from './describe-pg-conformance.js'
export { describeSerializableAppends } from './describe-serializable-appends.js'
