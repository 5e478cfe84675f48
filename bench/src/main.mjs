#!/usr/bin/env node
// pnpm bench: every selected provider suite against its raw driver, evtstore@12 and
// Emmett, interleaved round by round on the same server; prints a markdown report and
// writes it (and the chart of the ratios) to bench/results/<date>.md / .svg.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { machine } from './machine.mjs'
import { readOptions } from './options.mjs'
import { chartSvg } from './report/chart.mjs'
import { report, suiteSection, targetsSection } from './report/markdown.mjs'
import { runSuite } from './run-suite.mjs'
import { startServers } from './servers.mjs'
import { loadSuite } from './suites/index.mjs'

const argv = process.argv.slice(2)
const settings = readOptions(argv)
const log = (line) => process.stderr.write(`${line}\n`)
const started = new Date()
const t0 = performance.now()
const machineStart = machine()
log(
  `evtstore bench: ${settings.suites.join(', ')}; ${machineStart.cores} cores, load ${machineStart.load}${settings.quick ? ' (quick)' : ''}`,
)

const kinds = []
for (const name of settings.suites) {
  const suite = await loadSuite(name).catch(() => undefined)
  if (suite) kinds.push(suite.server)
}
const servers = await startServers(kinds, log)
/** The suites that take longest in --quick (server round trips, big-store growth), started first. */
const SLOWEST_FIRST = ['neo4j5', 'pg', 'knex-sqlite', 'mongo']
const results = []
try {
  if (settings.parallel <= 1) {
    for (const name of settings.suites) {
      log(`[${name}]`)
      const result = await runSuite(name, settings, servers, log)
      results.push(result)
      if (result.unavailable) log(`  not measured: ${result.unavailable}`)
      console.log(suiteSection(result, settings))
    }
  } else {
    // several suites at once (--quick): each log line names its suite; sections in report order
    log(`[suites] ${settings.parallel} at once`)
    results.push(
      ...(await inBatches(settings.suites, settings.parallel, SLOWEST_FIRST, async (name) => {
        const suiteLog = (line) => log(`[${name}] ${line.trimStart()}`)
        const result = await runSuite(name, settings, servers, suiteLog)
        if (result.unavailable) suiteLog(`not measured: ${result.unavailable}`)
        return result
      })),
    )
    for (const result of results) console.log(suiteSection(result, settings))
  }
} finally {
  const t = performance.now()
  await servers.stop()
  log(`[servers] stopped in ${((performance.now() - t) / 1000).toFixed(1)} s`)
}
const seconds = (performance.now() - t0) / 1000
const run = {
  results,
  settings,
  machineStart,
  machineEnd: machine(),
  started,
  seconds,
  argv,
  note: process.env.BENCH_NOTE,
}
const text = report(run)
console.log(targetsSection(results))
// A second full run on the same day keeps the first: <date>-2, <date>-3, ...
const day = started.toISOString().slice(0, 10)
const resultsDir = new URL('../results/', import.meta.url)
let stem = day
for (let n = 2; settings.write && existsSync(new URL(`${stem}.md`, resultsDir)); n++) stem = `${day}-${n}`
const svg = await chartSvg(results, `evtstore bench ${stem}`) // drawn in --quick too, to keep the chart working
if (settings.write) {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(new URL(`${stem}.md`, resultsDir), text)
  writeFileSync(new URL(`${stem}.json`, resultsDir), `${JSON.stringify(run, null, 2)}\n`)
  writeFileSync(new URL(`${stem}.svg`, resultsDir), svg)
  log(`written: bench/results/${stem}.md, .json and .svg`)
}
const failures = results.flatMap((r) =>
  r.unavailable
    ? [`${r.name}: ${r.unavailable}`]
    : r.errors.filter((e) => e.startsWith('ours')).map((e) => `${r.name}: ${e}`),
)
const rivals = results.flatMap((r) =>
  r.errors.filter((e) => !e.startsWith('ours')).map((e) => `${r.name}: ${e}`),
)
for (const line of rivals) log(`baseline problem (reported, not fatal): ${line}`)
for (const line of failures) log(`FAILED: ${line}`)
log(`done in ${seconds.toFixed(1)} s`)
process.exit(failures.length > 0 ? 1 : 0)

/**
 * Runs `fn` on every item with at most `limit` at once, the items named in `first` before
 * the others (the longest suites: started last they would end the run alone); resolves
 * to the results in item order.
 */
async function inBatches(items, limit, first, fn) {
  const out = new Array(items.length)
  const rank = (item) => (first.includes(item) ? first.indexOf(item) : first.length)
  const order = items.map((_, i) => i).sort((a, b) => rank(items[a]) - rank(items[b]))
  let next = 0
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++]
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
