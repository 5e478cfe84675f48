// The servers the lowest drivers are tested against (started by @evtstore/test-databases,
// or the ones EVTSTORE_<KIND>_URL points at); each test file creates its own store.
module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
  testTimeout: 60_000,
}
