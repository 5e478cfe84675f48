import {
  aggregateTests,
  appendTests,
  bookmarkTests,
  concurrencyTests,
  handlerTests,
  logTests,
  migrationTests,
  orderingTests,
  payloadTests,
  snapshotTests,
  type ConformanceOptions,
} from '@evtstore/conformance'

/**
 * The conformance groups that go through the driver: appends and their errors, reads,
 * payload round trips, bookmarks, running handlers, concurrent writers, migrations, and
 * aggregate snapshots (run where `capabilities.snapshots` is declared: every provider). Left
 * out: input validation (core refuses bad input before any driver call) and the long
 * generated-payload property test (the providers' own suites run it).
 */
export function driverSurfaceTests(options: ConformanceOptions): void {
  const registrations = [
    appendTests,
    aggregateTests,
    concurrencyTests,
    payloadTests,
    logTests,
    bookmarkTests,
    handlerTests,
    orderingTests,
    migrationTests,
    snapshotTests,
  ]
  for (const register of registrations) register({ stress: { writers: 8, appendsPerWriter: 4 }, ...options })
}
