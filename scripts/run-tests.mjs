#!/usr/bin/env node
// `pnpm test`: builds every package, starts one server of each database kind but Postgres
// for the whole run (through @evtstore/test-databases, so a kind whose EVTSTORE_<KIND>_URL
// is set is used as is), then runs typecheck, lint, test and docs:api in every package with turbo. The
// packages' jest global setups find the URLs and start nothing of their own; each test file
// still gets its own database (Neo4j: its own label prefix) on the shared servers.
//
// One set of servers instead of one per package is what keeps a 2-core machine from
// starting 20 containers (9 Neo4j JVMs) at once.
//
//   EVTSTORE_TEST_CONCURRENCY  turbo tasks at once (default 4)
//   EVTSTORE_TEST_DEADLINE_MIN after this many minutes the checks are stopped and the tasks
//                              still running are named (default 60), so a test process that
//                              never exits fails the run with its name instead of hanging CI
//   extra arguments            passed to turbo, e.g. `pnpm test --filter @evtstore/provider-pg`
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Postgres is left out on purpose: every package that needs it starts its own (a light
// container). The Postgres providers' ordering gate waits for the oldest transaction still
// running anywhere on the server, so one package's long or held transactions would hold
// back the handlers of another package's timing-sensitive tests.
const KINDS = ['mariadb', 'mongo', 'neo4j5', 'neo4j44', 'neo4j35']
const concurrency = process.env.EVTSTORE_TEST_CONCURRENCY ?? '4'
const deadlineMin = Number(process.env.EVTSTORE_TEST_DEADLINE_MIN ?? 60)
const extra = process.argv.slice(2)

/** Runs a command in its own process group; with `deadlineMs`, stops the group after it. */
function run(command, args, deadlineMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env, detached: true })
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    }
    const forward = (signal) => () => stopGroup(signal)
    const onInt = forward('SIGINT')
    const onTerm = forward('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    let timer
    if (deadlineMs !== undefined) {
      timer = setTimeout(() => {
        log(`still running after ${deadlineMin} min, stopping: ${stillRunning().join('; ') || '(none found)'}`)
        stopGroup('SIGTERM')
        setTimeout(() => stopGroup('SIGKILL'), 30_000).unref()
      }, deadlineMs)
    }
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

/** The test processes running in the repository's packages: "<folder>: <command>". */
function stillRunning() {
  const found = []
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`)
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
      if (cwd.startsWith(root + '/') && /\b(jest|node src\/)/.test(cmd) && !cmd.includes('pnpm')) {
        found.push(`${cwd.slice(root.length + 1)}: ${cmd.slice(0, 120)}`)
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

function log(message) {
  process.stdout.write(`[pnpm test] ${message}\n`)
}

const started = Date.now()
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`

// 1. build first: the servers are started by the test-databases package's build
const built = await run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...extra])
if (built !== 0) {
  log(`build failed (${seconds()})`)
  process.exit(built)
}

// 2. the shared servers (startGlobalDatabases stops them on SIGINT/SIGTERM too)
const require = createRequire(join(root, 'packages/test-databases/package.json'))
const { startGlobalDatabases, stopGlobalDatabases } = require('./dist/cjs/index.js')
log(`starting shared servers: ${KINDS.join(', ')}`)
try {
  await startGlobalDatabases(KINDS)
} catch (error) {
  log(`the shared servers could not start (${seconds()}): ${error.message}`)
  for (const cause of error.errors ?? [error]) console.error(cause)
  process.exit(1)
}
log(`shared servers up (${seconds()})`)

// 3. every check in every package, on those servers
let code
try {
  code = await run('pnpm', [
    'exec',
    'turbo',
    'run',
    'build',
    'typecheck',
    'lint',
    'test',
    'docs:api',
    '--continue',
    '--summarize',
    `--concurrency=${concurrency}`,
    ...extra,
  ], deadlineMin * 60_000)
} finally {
  await stopGlobalDatabases().catch((error) => log(`stopping the shared servers failed: ${error.message}`))
}
const summary = readSummary()
printSlowestTasks(summary)
printFailures(summary)
log(`turbo finished with exit code ${code} (${seconds()})`)
process.exit(code)

/** The newest turbo --summarize file of this run, or undefined. */
function readSummary() {
  try {
    const dir = join(root, '.turbo/runs')
    const newest = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)[0]
    return newest ? JSON.parse(readFileSync(join(dir, newest.name), 'utf8')) : undefined
  } catch (error) {
    log(`no run summary: ${error.message}`)
    return undefined
  }
}

/** The longest tasks of the run, so a slow CI run says where its time went. */
function printSlowestTasks(summary) {
  const tasks = (summary?.tasks ?? [])
    .map((task) => ({
      id: task.taskId,
      ms: (task.execution?.endTime ?? 0) - (task.execution?.startTime ?? 0),
      exit: task.execution?.exitCode,
    }))
    .filter((task) => task.ms > 0)
    .sort((a, b) => b.ms - a.ms)
  if (tasks.length === 0) return
  log('slowest tasks:')
  for (const task of tasks.slice(0, 12)) {
    log(`  ${(task.ms / 1000).toFixed(0).padStart(5)} s  ${task.id}${task.exit ? ` (exit ${task.exit})` : ''}`)
  }
}

/**
 * For every failed task, the lines of its log that say what failed (jest's FAIL lines and
 * the first lines of each failure), printed last: a long run's output is often read from
 * its end only, where the interleaved task output no longer shows them.
 */
function printFailures(summary) {
  const failed = (summary?.tasks ?? []).filter((task) => task.execution?.exitCode)
  for (const task of failed) {
    let lines
    try {
      lines = readFileSync(join(root, task.logFile), 'utf8').split('\n')
    } catch (error) {
      log(`${task.taskId} failed; its log could not be read: ${error.message}`)
      continue
    }
    const plain = lines.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))
    const picked = new Set()
    plain.forEach((line, index) => {
      if (/\bFAIL\b/.test(line) || /Tests:.*failed/.test(line)) picked.add(index)
      else if (line.includes('●') && !line.includes('Console')) for (let i = index; i < Math.min(index + 12, plain.length); i++) picked.add(i)
    })
    const shown = picked.size > 0 ? [...picked].map((index) => plain[index]) : plain.filter((line) => line.trim()).slice(-30)
    log(`${task.taskId} failed (exit ${task.execution.exitCode}); from ${task.logFile}:`)
    for (const line of shown.slice(0, 80)) process.stdout.write(`  ${line}\n`)
    if (shown.length > 80) log(`  ... ${shown.length - 80} more lines in that log`)
  }
}
