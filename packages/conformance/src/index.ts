export {
  aggregateTests,
  appendTests,
  bookmarkTests,
  concurrencyTests,
  handlerTests,
  leaseTests,
  listConformanceTests,
  logTests,
  migrationTests,
  orderingTests,
  payloadTests,
  runProviderConformance,
  snapshotTests,
  transactionTests,
  validationTests,
} from './run-provider-conformance.js'
export type { ConformanceTestName } from './run-provider-conformance.js'
export type { ConformanceIt, ConformanceOptions, ConformanceRunner, HeldAppend, StressOptions, TransactionalWrites } from './options.js'
export { runOrderingStress } from './stress/run-ordering-stress.js'
export type { OrderingStressOptions } from './stress/run-ordering-stress.js'
export { countStress } from './stress/count-stress.js'
export type { StressTotals } from './stress/count-stress.js'
export { assertStressComplete } from './stress/assert-stress-complete.js'
export { runProcessChild } from './processes/run-process-child.js'
export type { ProcessChildSetup } from './processes/run-process-child.js'
export { runExclusiveProcesses } from './processes/run-exclusive-processes.js'
export type { ExclusiveProcessesOptions, ExclusiveProcessesReport } from './processes/run-exclusive-processes.js'
export { runPartitionedProcesses } from './processes/run-partitioned-processes.js'
export type { PartitionedProcessesOptions, PartitionedProcessesReport } from './processes/run-partitioned-processes.js'
export type { ProcessConfig } from './processes/process-messages.js'
export { runCrashChild } from './processes/run-crash-child.js'
export type { CrashChildSetup } from './processes/run-crash-child.js'
export { runCrashProcesses } from './processes/run-crash-processes.js'
export type { CrashProcessesOptions, CrashProcessesReport, CrashRowCount } from './processes/run-crash-processes.js'
export type { CrashConfig, CrashMessage } from './processes/crash-messages.js'
