// @evtstore/provider-test-kit: test machinery the provider packages share (private).
export { countStress } from './stress-totals.js'
export type { StressTotals } from './stress-totals.js'
export { counterDomain } from './counter-domain.js'
export type { CounterEvent } from './counter-domain.js'
export { expectProviderStressComplete, runProviderStress } from './provider-stress.js'
export type { ProviderStressTotals } from './provider-stress.js'
export { sleep } from './sleep.js'
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
export { describePgConformance } from './describe-pg-conformance.js'
export type { PgConformanceHarness } from './describe-pg-conformance.js'
export { describeSerializableAppends } from './describe-serializable-appends.js'
