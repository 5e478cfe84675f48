// Smoke tests run against real servers: jest starts them once (global setup) and
// stops them afterwards; EVTSTORE_<KIND>_URL points at a running server instead.
module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  globalTeardown: '<rootDir>/jest.global-teardown.cjs',
  testTimeout: 120000,
}
