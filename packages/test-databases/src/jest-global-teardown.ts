import { stopGlobalDatabases } from './global-servers.js'

/**
 * The jest globalTeardown matching the global setup: stops every server it started.
 * @example
 * // jest.config.cjs
 * // globalTeardown: require.resolve('@evtstore/test-databases/jest-global-teardown'),
 */
export default async function globalTeardown(): Promise<void> {
  await stopGlobalDatabases()
}
