#!/usr/bin/env node
// One report from several bench processes that ran at the same time on different suites
// (e.g. `pnpm bench --providers pg` and `pnpm bench --providers knex-pg` side by side):
// the suites in report order, the earliest start and latest end, every command line.
//   node src/merge-runs.mjs results/<stem>.md a.json b.json [...]
import { readFileSync, writeFileSync } from 'node:fs'
import { SUITES } from './options.mjs'
import { chartSvg } from './report/chart.mjs'
import { report } from './report/markdown.mjs'

const [outFile, ...files] = process.argv.slice(2)
if (!outFile?.endsWith('.md') || files.length === 0 || files.some((f) => !f.endsWith('.json'))) {
  console.error('usage: node src/merge-runs.mjs results/<stem>.md a.json b.json [...]')
  process.exit(2)
}
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')))
for (const [index, run] of runs.entries()) {
  if (run.started === undefined || run.machineEnd === undefined) {
    console.error(`${files[index]}: not a results file of a complete run (no start or end recorded)`)
    process.exit(2)
  }
}
const results = runs.flatMap((run) => run.results).sort((a, b) => SUITES.indexOf(a.name) - SUITES.indexOf(b.name))
const startMs = (run) => Date.parse(run.started)
const first = runs.reduce((a, b) => (startMs(a) <= startMs(b) ? a : b))
const last = runs.reduce((a, b) => (startMs(a) + a.seconds * 1000 >= startMs(b) + b.seconds * 1000 ? a : b))
const merged = {
  results,
  settings: first.settings,
  machineStart: first.machineStart,
  machineEnd: last.machineEnd,
  started: new Date(startMs(first)),
  seconds: (startMs(last) + last.seconds * 1000 - startMs(first)) / 1000,
  argv: [],
  note: [
    first.note,
    `${runs.length} bench processes ran at the same time: ${runs.map((r) => `\`pnpm bench ${r.argv.join(' ')}\``).join(', ')}`,
  ]
    .filter(Boolean)
    .join('; '),
}
const stem = outFile.replace(/\.md$/, '')
writeFileSync(outFile, report(merged))
writeFileSync(`${stem}.json`, `${JSON.stringify(merged, null, 2)}\n`)
writeFileSync(`${stem}.svg`, await chartSvg(results, `evtstore bench ${stem.split('/').pop()}`))
console.log(`written: ${stem}.md, .json and .svg (${results.map((r) => r.name).join(', ')})`)
