import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { deleteStore, openStore } from '../src/store.js'
import { runWalkthrough, type WalkthroughResult } from '../src/walkthrough/run-walkthrough.js'
import { surveyStore } from '../src/walkthrough/survey.js'

const exampleDir = join(__dirname, '..')
// Each run opens a SQLite file and appends a few dozen events; the CLI test starts node three times.
const RUN_TIMEOUT = 30_000
const CLI_TIMEOUT = 90_000
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evtstore-bank-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** One walkthrough run as `main` does it: open the file, run, close. */
async function runOn(file: string): Promise<{ result: WalkthroughResult; lines: string[] }> {
  const store = await openStore(file)
  const lines: string[] = []
  try {
    const result = await runWalkthrough(
      { provider: store.provider, view: store.view, where: 'bank.sqlite' },
      (l) => lines.push(l),
    )
    return { result, lines }
  } finally {
    await store.close()
  }
}

const summary = (r: WalkthroughResult) => r.balances.map((b) => [b.accountId, b.balance, b.status, b.version])

describe('the walkthrough on a SQLite file', () => {
  it(
    'continues where the previous run left off',
    async () => {
      const file = join(dir, 'two-runs.sqlite')
      const first = await runOn(file)
      const second = await runOn(file)

      expect(first.result.run).toBe(1)
      expect(first.lines[0]).toBe('No events yet in bank.sqlite: starting run 1.')
      expect(summary(first.result)).toEqual([
        ['r1-acc-ada', 2_500, 'open', 7],
        ['r1-acc-bob', 7_500, 'open', 3],
        ['r1-acc-cy', 0, 'closed', 2],
      ])

      // Run 2 found run 1's events and took the next number.
      expect(second.result.earlier).toEqual({ events: 12, runs: [1], nextRun: 2 })
      expect(second.lines[0]).toBe(
        'Found 12 events from 1 earlier run(s) in bank.sqlite — continuing with run 2.',
      )
      // The handler resumed at run 1's bookmark and handled only run 2's events.
      expect(first.result.caughtUpAt).not.toBe('0')
      expect(second.result.resumedAt).toBe(first.result.caughtUpAt)
      expect(second.result.handled).toBe(12)
      expect(second.lines).toContain(
        `  bank-view handler resumed at position ${first.result.caughtUpAt}, where an earlier run left its bookmark`,
      )
      // Run 1's transfer, sent again by run 2 with the same keys, moved no money.
      expect(second.result.resend).toEqual({ transferId: 'r1-tr-1', appended: 0 })
      // The read model kept run 1's rows and added run 2's; all agree with the aggregates.
      expect(second.result.allBalances.filter((b) => b.accountId.startsWith('r1-'))).toEqual(
        first.result.balances,
      )
      expect(summary(second.result)).toEqual(
        summary(first.result).map(([id, ...rest]) => [String(id).replace('r1-', 'r2-'), ...rest]),
      )
      expect(second.result.replayHandled).toBe(24)
      expect(second.result.replayedBalances).toEqual(second.result.allBalances)

      const store = await openStore(file)
      try {
        expect(await surveyStore(store.provider)).toEqual({ events: 24, runs: [1, 2], nextRun: 3 })
      } finally {
        await store.close()
      }
    },
    RUN_TIMEOUT,
  )

  it(
    'starts from run 1 again after the file is deleted',
    async () => {
      const file = join(dir, 'reset.sqlite')
      await runOn(file)
      await deleteStore(file)
      expect(existsSync(file)).toBe(false)
      const again = await runOn(file)
      expect(again.result.run).toBe(1)
      expect(again.result.resumedAt).toBe('0')
    },
    RUN_TIMEOUT,
  )

  it(
    'runs from the built entry point twice and with --reset, and exits on its own',
    async () => {
      const main = join(exampleDir, 'dist', 'main.js')
      if (!existsSync(main)) throw new Error('dist/main.js is missing: build the example first')
      const file = join(dir, 'cli.sqlite')
      const run = async (...args: string[]) => {
        const env = { ...process.env, BANK_DB: file, INIT_CWD: dir }
        const { stdout } = await promisify(execFile)(process.execPath, [main, ...args], {
          env,
          timeout: 30_000,
        })
        return stdout
      }
      expect(await run()).toContain('No events yet in cli.sqlite: starting run 1.')
      const second = await run()
      expect(second).toContain('Found 12 events from 1 earlier run(s) in cli.sqlite — continuing with run 2.')
      expect(second).toMatch(/bank-view handler resumed at position \d+/)
      const reset = await run('--reset')
      expect(reset).toContain('--reset: deleted cli.sqlite')
      expect(reset).toContain('No events yet in cli.sqlite: starting run 1.')
    },
    CLI_TIMEOUT,
  )
})
