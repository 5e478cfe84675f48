import type { AppendRequest, Provider, ProviderCapabilities } from '@evtstore/core'

/**
 * The test functions the suite registers its tests with. Every field is optional: what is
 * missing is taken from the globals of the running test framework (jest, vitest, mocha,
 * node:test with globals) when the suite is registered.
 */
export interface ConformanceRunner {
  /** Groups tests; called with a name and a function that registers tests synchronously. */
  describe: (name: string, fn: () => void) => unknown
  /**
   * Registers a test. `timeout` (ms) is passed as the third argument (jest, vitest); when
   * `it` returns an object with a `timeout()` method (mocha), that is called too.
   * `it.skip`, when present, registers the skipped tests.
   */
  it: ConformanceIt
  /** Runs once before the tests of a describe block (mocha's `before` is used when there is no `beforeAll`). */
  beforeAll: (fn: () => unknown, timeout?: number) => unknown
  /** Runs once after the tests of a describe block (mocha's `after` is used when there is no `afterAll`). */
  afterAll: (fn: () => unknown, timeout?: number) => unknown
}

/** The `it` function the suite needs: a test registrar with an optional `skip`. */
export interface ConformanceIt {
  (name: string, fn: (this: unknown) => Promise<void>, timeout?: number): unknown
  /** Registers a skipped test (`it.skip`), if the runner has it. */
  skip?: (name: string, fn: () => void) => unknown
}

/** Sizes of the ordering stress test. */
export interface StressOptions {
  /** Concurrent writers. Default 16. */
  writers?: number
  /** Appends each writer makes (each of one to three events). Default 8. */
  appendsPerWriter?: number
  /** Aggregates all writers compete for (besides each writer's own). Default 3. */
  sharedAggregates?: number
}

/**
 * Options of {@link runProviderConformance} and of every group function.
 *
 * @example
 * ```ts
 * import { createProvider, migrate } from '@evtstore/provider-pg'
 * runProviderConformance({
 *   name: 'pg',
 *   setup: () => migrate({ client: pool }),
 *   createProvider: () => createProvider({ client: pool }),
 *   migrate: () => migrate({ client: pool }),
 *   createProviderWithTableName: (events) => createProvider({ client: pool, events }),
 * })
 * ```
 */
export interface ConformanceOptions {
  /** Shown in the outer describe block: `evtstore conformance: <name>`. */
  name: string
  /**
   * Gives a provider for one test (called at the start of each test; may return a promise).
   * All providers it returns must see the same database, and the tables must exist
   * (run your migration in `setup`). Tests use random stream and aggregate ids, so the
   * database may hold other data.
   */
  createProvider: () => Provider | Promise<Provider>
  /** Called after each test with each provider that test created (close pools here). */
  releaseProvider?: (provider: Provider) => unknown
  /** Runs once before the tests (registered with `beforeAll`), e.g. to create the schema. */
  setup?: () => unknown
  /** Runs once after the tests (registered with `afterAll`), e.g. to close the client. */
  teardown?: () => unknown
  /**
   * Runs at the start of every test, before its first `createProvider()` (inside the test,
   * so within its timeout). Use it to give each test a fresh store where one shared by the
   * whole suite would slow it down, e.g. a backend whose queries scan the collection:
   * @example
   * ```ts
   * let collection = 'events_0'
   * let n = 0
   * runProviderConformance({
   *   name: 'acme',
   *   beforeEach: async () => { collection = `events_${++n}`; await migrateAcme(collection) },
   *   createProvider: () => createAcmeProvider({ collection }),
   * })
   * ```
   */
  beforeEach?: () => unknown
  /**
   * The provider's capabilities, used when the tests are registered (to decide skips).
   * Merged over `provider.capabilities` when a test runs. See {@link ProviderCapabilities}.
   */
  capabilities?: ProviderCapabilities
  /** Names of tests to register as skipped (exact test names; unknown names throw). */
  skip?: string[]
  /** The test functions to use; missing ones are taken from the globals. */
  runner?: Partial<ConformanceRunner>
  /** Runs the provider's migration. Given: the suite checks it can run twice. Not given: those tests are skipped. */
  migrate?: () => unknown
  /**
   * Creates a provider that stores its events in the named table (or collection, or label).
   * Must refuse an invalid name with a `ValidationError` before any I/O: throw it, reject
   * with it, or return a provider whose first call rejects with it. Not given: the
   * table-name tests are skipped.
   */
  createProviderWithTableName?: (tableName: string) => Provider | Promise<Provider>
  /**
   * Starts `request` on `provider` in a transaction that stays open: positions are drawn
   * and the rows written, but nothing is committed until `commit()` is called (e.g. on a
   * dedicated connection: `BEGIN`, the provider's append, and `COMMIT` in `commit()`).
   * Resolves once the append is written. Given: the deterministic late-commit test runs
   * (the deterministic ordering proof, docs/architecture.md). Not given: it is skipped.
   */
  holdAppend?: (provider: Provider, request: AppendRequest) => Promise<HeldAppend>
  /**
   * How the suite writes a row of its own through the provider's transaction object and
   * reads it back, for the `transactions` group (with `capabilities.transactionalHandlers`).
   * Create the table in `setup`. Not given: those tests are skipped.
   */
  transactionalWrites?: TransactionalWrites
  /**
   * Per-test timeout in ms for ordinary tests. Default 30000 (not the runner's own, e.g.
   * jest's 5 s: the suite polls a shared database for up to 5 s before it reports a lost event).
   */
  timeout?: number
  /** Per-test timeout in ms for slow tests (stress, tail mode, the property test) and for setup/teardown. Default 300000. */
  slowTimeout?: number
  /** Sizes of the ordering stress test. */
  stress?: StressOptions
  /** How many generated appends the property test makes. Default 1000. */
  propertyRuns?: number
  /** A fast-check seed for the property test, to replay a failure it printed. */
  propertySeed?: number
}

/** An append written in a transaction that has not committed yet; see `holdAppend`. */
export interface HeldAppend {
  /** Commits the transaction. */
  commit(): Promise<void>
}

/**
 * A user's write through a provider's transaction, as the `transactions` group makes it:
 * one row per key in a table of the caller's (with the key unique, so a repeated write
 * fails), and a read of it outside any transaction.
 *
 * @example
 * ```ts
 * // provider-pg: setup runs CREATE TABLE IF NOT EXISTS cf_tx_rows (key text PRIMARY KEY)
 * const transactionalWrites: TransactionalWrites = {
 *   write: async (tx, key) => void (await (tx as pg.PoolClient).query('INSERT INTO cf_tx_rows (key) VALUES ($1)', [key])),
 *   exists: async (key) => (await pool.query('SELECT 1 FROM cf_tx_rows WHERE key = $1', [key])).rowCount === 1,
 * }
 * ```
 */
export interface TransactionalWrites {
  /** Inserts the row `key` through `tx`, the transaction object a transactional handler gets. */
  write(tx: unknown, key: string): Promise<void>
  /** Whether the row `key` is committed (read outside any transaction). */
  exists(key: string): Promise<boolean>
}
