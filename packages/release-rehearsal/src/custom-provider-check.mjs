// The custom-provider author's path: a fresh project outside the repository installs only
// @evtstore/core and @evtstore/conformance from the local registry (plus TypeScript, jest
// and Node's types from npm), compiles the JSON-lines provider of custom-provider/ (the
// code docs/writing-a-provider.md shows) against the published declarations, and runs the
// published suite with jest. Then a copy with one deliberate flaw must fail, by name.
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installProject } from './consumer-check.mjs'
import { RehearsalFailed, runCommand } from './run-command.mjs'

const project = fileURLToPath(new URL('../custom-provider/', import.meta.url))

/** The flaw: the version check lets a stale expected version through (only gaps are refused). */
export const FLAW = {
  file: 'src/append.ts',
  correct: 'if (rows.length !== request.expectedVersion) {',
  flawed: 'if (rows.length < request.expectedVersion) {',
  test: 'rejects a stale expected version with VersionConflictError and stores nothing',
  message: /version check: .*VERSION_CONFLICT/,
}

function summary(output) {
  return output.split('\n').find((line) => line.startsWith('Tests:'))?.trim() ?? '(no jest summary)'
}

async function buildAndTest(dir, env) {
  await runCommand(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir, env })
  return runCommand(join(dir, 'node_modules', '.bin', 'jest'), ['--ci'], { cwd: dir, env, allowFailure: true, timeoutMs: 300_000 })
}

/** Runs both projects; `versions` are the rehearsed @evtstore versions. Returns report lines. */
export async function checkCustomProvider(work, registry, versions) {
  const since = Date.now()
  const good = join(work, 'jsonl-provider')
  cpSync(project, good, { recursive: true })
  const env = await installProject(good, registry, [
    `@evtstore/core@${versions['@evtstore/core']}`,
    `@evtstore/conformance@${versions['@evtstore/conformance']}`,
    'typescript@~5.9.3',
    'jest@^29.7.0',
    'fast-check@^4.3.0',
    '@types/node@^20.19.0',
  ])
  const installed = ['@evtstore/core', '@evtstore/conformance', 'typescript', 'jest']
    .map((name) => `${name}@${JSON.parse(readFileSync(join(good, 'node_modules', name, 'package.json'), 'utf8')).version}`)
    .join(', ')
  const passing = await buildAndTest(good, env)
  if (passing.code !== 0) throw new RehearsalFailed(`the JSON-lines provider failed the published suite:\n${passing.output}`)
  if (!/Tests:\s+(\d+ skipped, )?\d+ passed/.test(passing.output)) throw new RehearsalFailed(`no passing tests:\n${passing.output}`)
  const lines = [`  ok  custom provider (JSON lines, ${installed}): tsc clean, suite passes: ${summary(passing.output)}`]

  const flawed = join(work, 'jsonl-provider-flawed')
  // The same project, sharing the installed node_modules (a link, not a copy).
  cpSync(good, flawed, { recursive: true, filter: (from) => !/[/\\](node_modules|dist)$/.test(from) })
  symlinkSync(join(good, 'node_modules'), join(flawed, 'node_modules'), 'dir')
  const source = readFileSync(join(flawed, FLAW.file), 'utf8')
  if (!source.includes(FLAW.correct)) throw new RehearsalFailed(`${FLAW.file} no longer contains the line the flaw replaces: ${FLAW.correct}`)
  writeFileSync(join(flawed, FLAW.file), source.replace(FLAW.correct, FLAW.flawed))
  const failing = await buildAndTest(flawed, env)
  const header = failing.output.split('\n').find((line) => line.includes('●') && line.includes(FLAW.test))
  const message = failing.output.split('\n').find((line) => FLAW.message.test(line))
  if (failing.code === 0 || header === undefined || message === undefined) {
    throw new RehearsalFailed(
      `the flawed provider (${FLAW.flawed}) was not caught by '${FLAW.test}' with ${FLAW.message}:\n${failing.output.slice(-4000)}`,
    )
  }
  lines.push(`  ok  flawed copy (${FLAW.file}: ${FLAW.flawed}) fails: ${summary(failing.output)}`)
  lines.push(`        ${header.trim()}`)
  lines.push(`        ${message.trim()}`)
  lines.push(`      (custom provider: install, two builds and two suite runs in ${((Date.now() - since) / 1000).toFixed(1)}s)`)
  return lines
}
