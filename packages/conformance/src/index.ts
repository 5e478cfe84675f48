export {
  aggregateTests,
  appendTests,
  bookmarkTests,
  concurrencyTests,
  handlerTests,
  listConformanceTests,
  logTests,
  migrationTests,
  orderingTests,
  payloadTests,
  runProviderConformance,
  validationTests,
} from './run-provider-conformance.js'
export type { ConformanceTestName } from './run-provider-conformance.js'
export type { ConformanceIt, ConformanceOptions, ConformanceRunner, HeldAppend, StressOptions } from './options.js'
