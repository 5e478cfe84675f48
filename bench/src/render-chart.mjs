#!/usr/bin/env node
// Redraws the chart of a results file from its JSON: node src/render-chart.mjs results/<date>.json
import { readFileSync, writeFileSync } from 'node:fs'
import { chartSvg } from './report/chart.mjs'

const file = process.argv[2]
if (!file?.endsWith('.json')) {
  console.error('usage: node src/render-chart.mjs bench/results/<date>.json')
  process.exit(2)
}
const { results } = JSON.parse(readFileSync(file, 'utf8'))
const stem = file.replace(/\.json$/, '')
writeFileSync(`${stem}.svg`, await chartSvg(results, `evtstore bench ${stem.split('/').pop()}`))
console.log(`written: ${stem}.svg`)
