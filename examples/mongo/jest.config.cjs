// One MongoDB server per test run (started by @evtstore/test-databases: the official
// mongo image, FerretDB where no registry is reachable, or the server EVTSTORE_MONGO_URL
// points at); each test file creates its own database.
module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
  testTimeout: 60_000,
}
