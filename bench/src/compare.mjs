#!/usr/bin/env node
// Before and after: the ratios (ours ÷ raw, ours ÷ evtstore@12) of two runs, per
// suite and metric, side by side. Each run's ratios come from its own interleaved rounds,
// so two runs on differently loaded machines still compare.
//   node src/compare.mjs results/<before>.json results/<after>.json [out.md]
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { METRICS, ratioOf } from './report/metrics.mjs'
import { ratio as formatRatio } from './report/format.mjs'

const [beforeFile, afterFile, outFile] = process.argv.slice(2)
if (!beforeFile?.endsWith('.json') || !afterFile?.endsWith('.json')) {
  console.error('usage: node src/compare.mjs results/<before>.json results/<after>.json [out.md]')
  process.exit(2)
}
const load = (file) => JSON.parse(readFileSync(file, 'utf8'))
const before = load(beforeFile)
const after = load(afterFile)
const stem = (file) => basename(file, '.json')

const cell = (result, metric, role) => {
  const r = result === undefined ? undefined : ratioOf(result, metric, role)
  return r === undefined ? '–' : formatRatio(r)
}

const lines = [
  `# evtstore bench: ${stem(beforeFile)} → ${stem(afterFile)}`,
  '',
  `Ratios of two runs of \`pnpm bench\`, each from its own interleaved rounds (ours ÷ baseline: above 1 is better for events/s ↑, below 1 for ms ↓). Absolute figures, machines and loads: [${stem(beforeFile)}.md](${stem(beforeFile)}.md) and [${stem(afterFile)}.md](${stem(afterFile)}.md). Suites only in one run are left out.`,
  '',
]
const afterByName = new Map(after.results.map((r) => [r.name, r]))
for (const old of before.results) {
  const now = afterByName.get(old.name)
  if (now === undefined || old.unavailable || now.unavailable) continue
  lines.push(`## ${now.title}`, '', `| scenario | ours/raw before | ours/raw after | ours/@12 before | ours/@12 after |`, '|---|--:|--:|--:|--:|')
  for (const metric of METRICS) {
    const row = [cell(old, metric, 'raw'), cell(now, metric, 'raw'), cell(old, metric, 'v12'), cell(now, metric, 'v12')]
    if (row.every((c) => c === '–')) continue
    lines.push(`| ${metric.label}${metric.kind === 'rate' ? ' ↑' : ' ↓'} | ${row.join(' | ')} |`)
  }
  lines.push('')
}
const text = `${lines.join('\n')}\n`
if (outFile) writeFileSync(outFile, text)
process.stdout.write(text)
