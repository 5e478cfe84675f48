import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { V12Written } from './write-v12-store.js'

/**
 * Runs a writer script in its own Node process (v12 handlers keep timers that only the
 * process's exit ends) and returns what it printed: the JSON of a {@link V12Written}.
 * The script gets `args` as its command line.
 */
export async function runV12Writer(script: string, args: string[]): Promise<V12Written> {
  const { stdout } = await promisify(execFile)(process.execPath, [script, ...args], { maxBuffer: 64 * 1024 * 1024 })
  const last = stdout.trim().split('\n').pop() ?? ''
  return JSON.parse(last) as V12Written
}

/** For a writer script: write, print the JSON on the last line, exit (on failure: the stack and any error `code` on stderr). */
export async function printAndExit(work: () => Promise<V12Written>): Promise<never> {
  try {
    const written = await work()
    process.stdout.write(`\n${JSON.stringify(written)}\n`)
    process.exit(0)
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    process.stderr.write(`${(err as Error).stack ?? String(err)}${code === undefined ? '' : `\ncode: ${String(code)}`}\n`)
    process.exit(1)
  }
}
