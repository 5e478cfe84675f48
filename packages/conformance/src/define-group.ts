import type { ConformanceOptions, ConformanceRunner } from './options.js'
import { registerSkipped, registerTest } from './runner.js'
import { openTestContext, type TestContext } from './test-context.js'

/** One conformance test. */
export interface ConformanceTest {
  /** Unique across the whole suite: it is what `skip` names. */
  name: string
  /** May be slow on a real database: runs with `slowTimeout`. */
  slow?: boolean
  /** A reason to register the test as skipped for these options, or undefined to run it. */
  skipReason?: (options: ConformanceOptions) => string | undefined
  run: (context: TestContext) => Promise<void>
}

/** A named group of tests (one describe block). */
export interface ConformanceGroup {
  name: string
  tests: ConformanceTest[]
}

/**
 * Default timeout of ordinary tests, in ms: above the suite's own waits (log reads and
 * handler catch-up poll for up to 5 s on a shared database), so a slow run ends with the
 * message of the guarantee that failed rather than the runner's bare timeout (jest: 5 s).
 */
export const DEFAULT_TIMEOUT = 30_000

/** Default timeout of slow tests and of setup/teardown, in ms. */
export const DEFAULT_SLOW_TIMEOUT = 300_000

/** Registers the tests of one group inside a describe block named after it. */
export function registerGroup(runner: ConformanceRunner, options: ConformanceOptions, group: ConformanceGroup): void {
  const skipped = new Set(options.skip ?? [])
  runner.describe(group.name, () => {
    for (const test of group.tests) {
      const reason = skipped.has(test.name) ? 'listed in the skip option' : test.skipReason?.(options)
      if (reason !== undefined) {
        registerSkipped(runner, test.name, reason)
        continue
      }
      const timeout = test.slow ? (options.slowTimeout ?? DEFAULT_SLOW_TIMEOUT) : (options.timeout ?? DEFAULT_TIMEOUT)
      registerTest(
        runner,
        test.name,
        async () => {
          if (options.beforeEach !== undefined) await options.beforeEach()
          const opened = await openTestContext(options)
          try {
            await test.run(opened.context)
          } finally {
            await opened.close()
          }
        },
        timeout,
      )
    }
  })
}
