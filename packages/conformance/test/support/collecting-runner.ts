// A tiny test runner for the meta-tests: it records what the suite registers, then runs
// it in order (hooks, then tests, with a timeout each) and reports every outcome.
import type { ConformanceRunner } from '../../src/index.js'

export interface Outcome {
  /** Describe block names, outermost first. */
  path: string[]
  /** The test name as registered (skipped tests carry their reason). */
  name: string
  status: 'passed' | 'failed' | 'skipped'
  message?: string
  /** The timeout the suite asked for, if any. */
  timeout?: number
}

interface TestNode {
  kind: 'test'
  name: string
  fn?: () => unknown
  timeout?: number
}

interface Block {
  kind: 'describe'
  name: string
  children: Array<Block | TestNode>
  before: Array<() => unknown>
  after: Array<() => unknown>
}

const DEFAULT_TIMEOUT = 20_000

async function withTimeout(fn: () => unknown, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      Promise.resolve().then(fn),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** A runner that records registrations; `run()` executes them and resolves to the outcomes. */
export function createCollectingRunner(options: { withSkip?: boolean } = {}) {
  const root: Block = { kind: 'describe', name: '', children: [], before: [], after: [] }
  let current = root
  const it = ((name: string, fn: () => unknown, timeout?: number) => {
    current.children.push({ kind: 'test', name, fn, ...(timeout === undefined ? {} : { timeout }) })
  }) as ConformanceRunner['it']
  if (options.withSkip !== false) it.skip = (name: string) => void current.children.push({ kind: 'test', name })
  const runner: ConformanceRunner = {
    describe(name, fn) {
      const block: Block = { kind: 'describe', name, children: [], before: [], after: [] }
      current.children.push(block)
      const parent = current
      current = block
      try {
        fn()
      } finally {
        current = parent
      }
    },
    it,
    beforeAll: (fn) => void current.before.push(fn),
    afterAll: (fn) => void current.after.push(fn),
  }

  async function runBlock(block: Block, path: string[], outcomes: Outcome[]): Promise<void> {
    for (const hook of block.before) await withTimeout(hook, DEFAULT_TIMEOUT)
    for (const child of block.children) {
      if (child.kind === 'describe') {
        await runBlock(child, [...path, child.name], outcomes)
        continue
      }
      const base = { path, name: child.name, ...(child.timeout === undefined ? {} : { timeout: child.timeout }) }
      if (child.fn === undefined) {
        outcomes.push({ ...base, status: 'skipped' })
        continue
      }
      try {
        await withTimeout(child.fn, Math.min(child.timeout ?? DEFAULT_TIMEOUT, DEFAULT_TIMEOUT))
        outcomes.push({ ...base, status: 'passed' })
      } catch (err) {
        outcomes.push({ ...base, status: 'failed', message: err instanceof Error ? err.message : String(err) })
      }
    }
    for (const hook of block.after) await withTimeout(hook, DEFAULT_TIMEOUT)
  }

  return {
    runner,
    async run(): Promise<Outcome[]> {
      const outcomes: Outcome[] = []
      await runBlock(root, [], outcomes)
      return outcomes
    },
  }
}
