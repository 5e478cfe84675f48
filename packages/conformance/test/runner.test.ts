// The runner-neutral registration: globals resolved at call time, mocha's before/after,
// timeouts, skips on runners without it.skip, and option checks.
import assert from 'node:assert/strict'
import { createMemoryProvider } from '@evtstore/core/memory'
import { listConformanceTests, logTests, orderingTests, runProviderConformance, type ConformanceRunner } from '../src/index.js'
import { resolveRunner } from '../src/runner.js'

interface Registered {
  name: string
  fn: (this: unknown) => unknown
  thirdArgument: unknown
  mochaTimeout?: number
}

/** A mocha-shaped runner: `it` returns a test object with timeout(); no it.skip. */
function mochaLike() {
  const tests: Registered[] = []
  const hooks: string[] = []
  const runner: ConformanceRunner = {
    describe: (_name, fn) => fn(),
    it: (name, fn, thirdArgument) => {
      const test: Registered = { name, fn, thirdArgument }
      tests.push(test)
      return { timeout: (ms: number) => void (test.mochaTimeout = ms) }
    },
    beforeAll: () => void hooks.push('beforeAll'),
    afterAll: () => void hooks.push('afterAll'),
  }
  return { runner, tests, hooks }
}

const memory = {
  name: 'memory',
  createProvider: () => createMemoryProvider(),
  capabilities: { persistent: false, snapshots: true, leases: true, push: true },
}

describe('runner-neutral registration', () => {
  it('takes describe/it/beforeAll/afterAll from the globals when the suite is registered', () => {
    const runner = resolveRunner()
    assert.equal(runner.describe, globalThis.describe)
    assert.equal(runner.it, globalThis.it)
    assert.equal(runner.beforeAll, globalThis.beforeAll)
  })

  it("falls back to mocha's before/after globals", () => {
    const globals = globalThis as unknown as Record<string, unknown>
    const saved = { beforeAll: globals.beforeAll, afterAll: globals.afterAll }
    const before = () => undefined
    const after = () => undefined
    try {
      delete globals.beforeAll
      delete globals.afterAll
      globals.before = before
      globals.after = after
      const runner = resolveRunner()
      assert.equal(runner.beforeAll, before)
      assert.equal(runner.afterAll, after)
    } finally {
      Object.assign(globals, saved)
      delete globals.before
      delete globals.after
    }
  })

  it('passes timeouts as the third argument and through mocha-style .timeout()', () => {
    const { runner, tests, hooks } = mochaLike()
    orderingTests({ ...memory, runner, timeout: 1234, slowTimeout: 98_765, setup: () => undefined, teardown: () => undefined })
    logTests({ ...memory, runner, timeout: 1234 })
    const stress = tests.find((t) => t.name.startsWith('a handler running during concurrent appends'))
    assert.equal(stress?.thirdArgument, 98_765)
    assert.equal(stress?.mochaTimeout, 98_765)
    const ordinary = tests.find((t) => t.name === 'filters the log by stream')
    assert.equal(ordinary?.thirdArgument, 1234)
    assert.deepStrictEqual(hooks, ['beforeAll', 'afterAll'])
  })

  it('gives ordinary tests a 30 s timeout by default, not the runner\'s own', () => {
    const { runner, tests } = mochaLike()
    logTests({ ...memory, runner })
    const ordinary = tests.find((t) => t.name === 'filters the log by stream')
    assert.equal(ordinary?.thirdArgument, 30_000)
    assert.equal(ordinary?.mochaTimeout, 30_000)
  })

  it('registers skips on a runner without it.skip as tests named skipped that call this.skip()', async () => {
    const { runner, tests } = mochaLike()
    runProviderConformance({ ...memory, runner, skip: ['filters the log by stream'] })
    const skipped = tests.filter((t) => t.name.includes('[skipped: '))
    assert.ok(skipped.some((t) => t.name === 'filters the log by stream [skipped: listed in the skip option]'))
    assert.equal(skipped.length, 18)
    let skipCalls = 0
    for (const test of skipped) await test.fn.call({ skip: () => void skipCalls++ })
    assert.equal(skipCalls, 18)
    assert.equal(tests.length, listConformanceTests().length)
  })

  it('refuses an unknown name in skip and a missing createProvider', () => {
    const { runner } = mochaLike()
    assert.throws(() => runProviderConformance({ ...memory, runner, skip: ['no such test'] }), /no conformance test is named "no such test"/)
    assert.throws(() => runProviderConformance({ name: 'x', runner } as never), /options.createProvider/)
  })

  it('calls beforeEach at the start of every test, before its first createProvider()', async () => {
    const { runner, tests } = mochaLike()
    const calls: string[] = []
    let store = 0
    logTests({
      ...memory,
      runner,
      beforeEach: () => void calls.push(`beforeEach ${++store}`),
      createProvider: () => {
        calls.push(`createProvider on store ${store}`)
        return createMemoryProvider()
      },
    })
    const [first, second] = tests
    await first!.fn.call({})
    await second!.fn.call({})
    assert.deepStrictEqual(calls.slice(0, 2), ['beforeEach 1', 'createProvider on store 1'])
    assert.equal(calls.filter((c) => c.startsWith('beforeEach')).length, 2)
    assert.equal(calls.find((c) => c.startsWith('createProvider on store 1')) !== undefined, true)
    assert.ok(calls.indexOf('beforeEach 2') > calls.indexOf('createProvider on store 1'))
    assert.ok(calls.some((c) => c === 'createProvider on store 2'))
    assert.throws(() => logTests({ ...memory, runner, beforeEach: 'no' as never }), /options.beforeEach/)
  })

  it('names every test once', () => {
    const names = listConformanceTests().map((t) => t.name)
    assert.equal(new Set(names).size, names.length)
  })
})
