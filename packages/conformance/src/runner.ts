import type { ConformanceIt, ConformanceRunner } from './options.js'

type Globals = Record<string, unknown>

function pick<T>(given: T | undefined, globals: Globals, names: string[], role: string): T {
  if (given !== undefined) return given
  for (const name of names) {
    const found = globals[name]
    if (typeof found === 'function') return found as T
  }
  throw new Error(
    `@evtstore/conformance: no ${role} function: pass runner.${role} or run the suite inside a test framework that defines ${names.join(' or ')} globally`,
  )
}

/**
 * The runner to register tests with: the given functions, the rest taken from the
 * framework's globals. Resolved when the suite is registered, not when it is imported.
 */
export function resolveRunner(given: Partial<ConformanceRunner> = {}): ConformanceRunner {
  const globals = globalThis as unknown as Globals
  return {
    describe: pick(given.describe, globals, ['describe'], 'describe'),
    it: pick<ConformanceIt>(given.it, globals, ['it', 'test'], 'it'),
    beforeAll: pick(given.beforeAll, globals, ['beforeAll', 'before'], 'beforeAll'),
    afterAll: pick(given.afterAll, globals, ['afterAll', 'after'], 'afterAll'),
  }
}

interface MochaLike {
  timeout?: (ms: number) => unknown
  skip?: () => unknown
}

/** Registers a test with an optional timeout (third argument, and mocha's `.timeout()`). */
export function registerTest(runner: ConformanceRunner, name: string, fn: () => Promise<void>, timeout?: number): void {
  const registered = timeout === undefined ? runner.it(name, fn) : runner.it(name, fn, timeout)
  const mocha = registered as MochaLike | undefined
  if (timeout !== undefined && mocha !== null && typeof mocha === 'object' && typeof mocha.timeout === 'function') {
    mocha.timeout(timeout)
  }
}

/**
 * Registers a skipped test whose name carries the reason. Uses `it.skip`; a runner without
 * it gets a test that asks the running framework to skip it (`this.skip()` in mocha) and
 * otherwise does nothing: its name still says it was skipped.
 */
export function registerSkipped(runner: ConformanceRunner, name: string, reason: string): void {
  const title = `${name} [skipped: ${reason}]`
  if (typeof runner.it.skip === 'function') {
    runner.it.skip(title, () => undefined)
    return
  }
  runner.it(title, async function (this: unknown) {
    const context = this as MochaLike | undefined
    if (context !== null && typeof context === 'object' && typeof context.skip === 'function') context.skip()
  })
}

/** Registers a once-per-block hook, with a timeout for runners that take one. */
export function registerHook(
  register: (fn: () => unknown, timeout?: number) => unknown,
  fn: () => unknown,
  timeout: number,
): void {
  register(function (this: unknown) {
    const context = this as MochaLike | undefined
    if (context !== null && typeof context === 'object' && typeof context.timeout === 'function') context.timeout(timeout)
    return fn()
  }, timeout)
}
