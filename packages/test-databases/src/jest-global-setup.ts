import { startGlobalDatabases } from './global-servers.js'

/** The jest globalSetup signature (only the parts used here). */
type GlobalSetup = (globalConfig?: unknown, projectConfig?: { globals?: Record<string, unknown> }) => Promise<void>

/**
 * A jest globalSetup that starts the given kinds once per test run. Use it from a
 * package's `jest.global-setup.cjs`:
 * @example
 * // jest.global-setup.cjs
 * module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases(['postgres', 'mariadb'])
 * // jest.config.cjs
 * // globalSetup: '<rootDir>/jest.global-setup.cjs',
 * // globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
 */
export function setupDatabases(kinds: readonly string[]): GlobalSetup {
  return async () => {
    await startGlobalDatabases(kinds)
  }
}

/**
 * The default globalSetup: kinds from `EVTSTORE_TEST_DATABASES` (comma separated) or
 * from the project's `globals.evtstoreTestDatabases` array in jest.config.
 * @example
 * // jest.config.cjs
 * // globalSetup: require.resolve('@evtstore/test-databases/jest-global-setup'),
 * // globals: { evtstoreTestDatabases: ['mongo'] },
 */
const globalSetup: GlobalSetup = async (_globalConfig, projectConfig) => {
  const fromEnv = process.env.EVTSTORE_TEST_DATABASES
  const fromConfig = projectConfig?.globals?.evtstoreTestDatabases
  const kinds = fromEnv
    ? fromEnv.split(',').map((kind) => kind.trim()).filter(Boolean)
    : Array.isArray(fromConfig)
      ? fromConfig.map(String)
      : []
  await startGlobalDatabases(kinds)
}

export default globalSetup
