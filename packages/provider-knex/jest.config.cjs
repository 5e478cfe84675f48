module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
  testTimeout: 60_000,
}
