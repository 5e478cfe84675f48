// One server per Neo4j line per test run, started once by the global setup (all three in
// parallel, or only those named in EVTSTORE_TEST_DATABASES); each test file gets its own
// label prefix on them and removes what carries it at the end.
module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
  testTimeout: 60_000,
}
