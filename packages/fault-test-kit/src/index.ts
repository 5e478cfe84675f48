// @evtstore/fault-test-kit: the server-restart scenario the providers' fault tests share
// (private). Each provider's test starts a database of its own that can be stopped
// (@evtstore/test-databases' startRestartableDatabase) and hands the kit a provider on it.
export { faultNote } from './fault-aggregate.js'
export { createDeliveryLedger } from './delivery-ledger.js'
export type { DeliveryLedger } from './delivery-ledger.js'
export { startFaultWriters } from './fault-writers.js'
export type { AppendOutcome, AppendRecord, FaultAggregate, FaultWriterSettings, FaultWriters } from './fault-writers.js'
export { RESTART_DEFAULTS, runServerRestart } from './server-restart-scenario.js'
export type { RestartRun, RestartSettings, RestartTarget, RestartTimeline } from './server-restart-scenario.js'
export { formatRestartTotals, restartTotals } from './restart-totals.js'
export type { RestartTotals } from './restart-totals.js'
export { describeServerRestart, restartViolations } from './describe-server-restart.js'
export type { RestartHarness } from './describe-server-restart.js'
