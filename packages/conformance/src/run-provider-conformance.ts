import { ValidationError } from '@evtstore/core'
import { DEFAULT_SLOW_TIMEOUT, registerGroup, type ConformanceGroup } from './define-group.js'
import { aggregateGroup } from './groups/aggregate-tests.js'
import { ALL_GROUPS } from './groups/all-groups.js'
import { appendGroup } from './groups/append-tests.js'
import { bookmarkGroup } from './groups/bookmark-tests.js'
import { concurrencyGroup } from './groups/concurrency-tests.js'
import { handlerGroup } from './groups/handler-tests.js'
import { leaseGroup } from './groups/lease-tests.js'
import { logGroup } from './groups/log-tests.js'
import { migrationGroup } from './groups/migration-tests.js'
import { orderingGroup } from './groups/ordering-tests.js'
import { payloadGroup } from './groups/payload-tests.js'
import { snapshotGroup } from './groups/snapshot-tests.js'
import { transactionGroup } from './groups/transaction-tests.js'
import { validationGroup } from './groups/validation-tests.js'
import type { ConformanceOptions } from './options.js'
import { registerHook, resolveRunner } from './runner.js'

/** One test of the suite: its group (describe block) and its name. */
export interface ConformanceTestName {
  /** The group, such as `append` or `ordering`. */
  group: string
  /** The test's name within its group. */
  name: string
}

/**
 * Every test of the suite, by group: the names `skip` accepts.
 *
 * @example
 * ```ts
 * listConformanceTests().filter((t) => t.group === 'payloads').map((t) => t.name)
 * ```
 */
export function listConformanceTests(): ConformanceTestName[] {
  return ALL_GROUPS.flatMap((group) => group.tests.map((test) => ({ group: group.name, name: test.name })))
}

function checkOptions(options: ConformanceOptions): void {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  if (typeof options.name !== 'string' || options.name.length === 0) {
    throw new ValidationError('options.name', 'must be a non-empty string')
  }
  if (typeof options.createProvider !== 'function') throw new ValidationError('options.createProvider', 'must be a function')
  if (options.beforeEach !== undefined && typeof options.beforeEach !== 'function') {
    throw new ValidationError('options.beforeEach', 'must be a function')
  }
  const known = new Set(listConformanceTests().map((t) => t.name))
  for (const name of options.skip ?? []) {
    if (!known.has(name)) {
      throw new ValidationError('options.skip', `no conformance test is named ${JSON.stringify(name)} (see listConformanceTests())`)
    }
  }
}

function registerSuite(options: ConformanceOptions, groups: readonly ConformanceGroup[]): void {
  checkOptions(options)
  const runner = resolveRunner(options.runner)
  const hookTimeout = options.slowTimeout ?? DEFAULT_SLOW_TIMEOUT
  runner.describe(`evtstore conformance: ${options.name}`, () => {
    if (options.setup !== undefined) registerHook(runner.beforeAll, options.setup, hookTimeout)
    if (options.teardown !== undefined) registerHook(runner.afterAll, options.teardown, hookTimeout)
    for (const group of groups) registerGroup(runner, options, group)
  })
}

/**
 * Registers the whole conformance suite with the test runner: call it at the top level of
 * a test file. Each test gets a provider from `createProvider()`; tests use random names,
 * so they can share one database. Capabilities the provider lacks and names in `skip`
 * register as skipped tests with the reason in the name.
 *
 * @example
 * ```ts
 * // provider.test.ts (jest, vitest or mocha: the globals are picked up)
 * import { runProviderConformance } from '@evtstore/conformance'
 * import { createMemoryProvider } from '@evtstore/core/memory'
 *
 * runProviderConformance({
 *   name: 'memory',
 *   createProvider: () => createMemoryProvider(),
 *   capabilities: { persistent: false },
 * })
 * ```
 */
export function runProviderConformance(options: ConformanceOptions): void {
  registerSuite(options, ALL_GROUPS)
}

/**
 * Registers only the `append` group: versions, envelopes, duplicate ids. Same options as {@link runProviderConformance}.
 *
 * @example
 * ```ts
 * appendTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function appendTests(options: ConformanceOptions): void {
  registerSuite(options, [appendGroup])
}
/**
 * Registers only the `aggregates` group: unknown aggregates, folding, isolation, paging.
 *
 * @example
 * ```ts
 * aggregateTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function aggregateTests(options: ConformanceOptions): void {
  registerSuite(options, [aggregateGroup])
}
/**
 * Registers only the `concurrency` group: version conflicts, gaps, races, atomic multi-event appends.
 *
 * @example
 * ```ts
 * concurrencyTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function concurrencyTests(options: ConformanceOptions): void {
  registerSuite(options, [concurrencyGroup])
}
/**
 * Registers only the `payloads` group: JSON round-trip fidelity of payloads and metadata.
 *
 * @example
 * ```ts
 * payloadTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function payloadTests(options: ConformanceOptions): void {
  registerSuite(options, [payloadGroup])
}
/**
 * Registers only the `rejected input` group: non-JSON payloads refused before any write.
 *
 * @example
 * ```ts
 * validationTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function validationTests(options: ConformanceOptions): void {
  registerSuite(options, [validationGroup])
}
/**
 * Registers only the `log` group: order, positions, paging, stream filter, lower bound.
 *
 * @example
 * ```ts
 * logTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function logTests(options: ConformanceOptions): void {
  registerSuite(options, [logGroup])
}
/**
 * Registers only the `bookmarks` group.
 *
 * @example
 * ```ts
 * bookmarkTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function bookmarkTests(options: ConformanceOptions): void {
  registerSuite(options, [bookmarkGroup])
}
/**
 * Registers only the `handlers` group: catch-up, replay, routing, tail mode, errors, stop.
 *
 * @example
 * ```ts
 * handlerTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function handlerTests(options: ConformanceOptions): void {
  registerSuite(options, [handlerGroup])
}
/**
 * Registers only the `leases` group: lease grants, renewals, takeovers, fenced bookmark
 * writes, and exclusive handlers. Skipped, with the reason, unless the options declare
 * `capabilities: { leases: true }`.
 *
 * @example
 * ```ts
 * leaseTests({ name: 'pg', createProvider: () => createProvider({ client: pool }), capabilities: { leases: true } })
 * ```
 */
export function leaseTests(options: ConformanceOptions): void {
  registerSuite(options, [leaseGroup])
}
/**
 * Registers only the `ordering` group: the late-commit test and the stress test (docs/architecture.md, "Ordering").
 *
 * @example
 * ```ts
 * orderingTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function orderingTests(options: ConformanceOptions): void {
  registerSuite(options, [orderingGroup])
}
/**
 * Registers only the `migration` group: migrate twice, table names refused before I/O.
 *
 * @example
 * ```ts
 * migrationTests({ name: 'pg', createProvider: () => createProvider({ client: pool }) })
 * ```
 */
export function migrationTests(options: ConformanceOptions): void {
  registerSuite(options, [migrationGroup])
}
/**
 * Registers only the `snapshots` group (an optional capability: its tests run only with
 * `capabilities: { snapshots: true }` and are registered as skipped otherwise).
 *
 * @example
 * ```ts
 * snapshotTests({ name: 'pg', createProvider: () => createProvider({ client: pool }), capabilities: { snapshots: true } })
 * ```
 */
export function snapshotTests(options: ConformanceOptions): void {
  registerSuite(options, [snapshotGroup])
}

/**
 * Registers only the `transactions` group (an optional capability: its tests run only with
 * `capabilities: { transactionalHandlers: true }` and a `transactionalWrites` adapter, and
 * are registered as skipped otherwise; a provider without it is checked to refuse
 * transactional handlers).
 *
 * @example
 * ```ts
 * transactionTests({ name: 'pg', createProvider: () => createProvider({ client: pool }), capabilities: { transactionalHandlers: true }, transactionalWrites })
 * ```
 */
export function transactionTests(options: ConformanceOptions): void {
  registerSuite(options, [transactionGroup])
}
