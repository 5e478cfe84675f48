#!/usr/bin/env node
// Runs a package's jest files in groups side by side, each group in band (one file at a
// time), then the files no group names, in band. For a package whose tests talk to
// several servers that must each see one test file at a time (provider-neo4j: one server
// per Neo4j line, where schema changes of parallel files fail each other's commits) but
// that need not wait for each other.
//
//   node ../../scripts/jest-groups.mjs neo4j5 neo4j44 neo4j35
//
// Each argument is a group: the test files whose name contains `-<group>.` (for example
// `conformance-neo4j5.test.ts`), and the one database kind they need: a group's jest runs
// with EVTSTORE_TEST_DATABASES=<group>, so when no EVTSTORE_<KIND>_URL names a running
// server its global setup starts that kind only. Every group's output is prefixed with its
// name; the exit code is the first failure's, after every group has finished.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'

const groups = process.argv.slice(2)
if (groups.length === 0) {
  console.error('usage: jest-groups.mjs <group> [<group> ...]')
  process.exit(2)
}

/** Every `*.test.ts` file below `dir`, relative to the package. */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path)
    return entry.name.endsWith('.test.ts') ? [relative(process.cwd(), path)] : []
  })
}

const files = [...testFiles(join(process.cwd(), 'test')), ...testFiles(join(process.cwd(), 'src'))]
const inGroup = (group) => files.filter((file) => file.includes(`-${group}.`))
const rest = files.filter((file) => !groups.some((group) => file.includes(`-${group}.`)))

const children = new Set()
function jest(label, paths, env) {
  if (paths.length === 0) return Promise.resolve(0)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, '--runInBand', '--runTestsByPath', ...paths], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    children.add(child)
    const prefix = (stream, out) => {
      let partial = ''
      stream.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop()
        for (const line of lines) out.write(`[${label}] ${line}\n`)
      })
      stream.on('end', () => partial && out.write(`[${label}] ${partial}\n`))
    }
    prefix(child.stdout, process.stdout)
    prefix(child.stderr, process.stderr)
    child.on('exit', (code, signal) => {
      children.delete(child)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

const jestBin = createRequire(join(process.cwd(), 'package.json')).resolve('jest/bin/jest')

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal)
  })
}

const codes = await Promise.all(groups.map((group) => jest(group, inGroup(group), { EVTSTORE_TEST_DATABASES: group })))
codes.push(await jest('rest', rest, {}))
const failed = codes.find((code) => code !== 0)
process.exit(failed ?? 0)
