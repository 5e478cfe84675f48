// The measuring loop of the cost scripts (pg-client-cost, pg-notify-cost, knex-cost): named
// append contenders, warmed up, then interleaved rounds at each writer count with the
// order rotating each round, as the bench does; medians of appends per second.
import { appendRound } from './scenarios/append.mjs'

const slug = (name) => name.replace(/\W+/g, '_')

/**
 * Runs every case for every contender, `rounds` times; resolves to `median(writers, name)`,
 * the median appends per second of that contender at that writer count.
 */
export async function measureAppendRates(contenders, { cases, rounds }) {
  const names = Object.keys(contenders)
  for (const name of names) {
    await appendRound(contenders[name], { writers: 16, appends: 50, mode: 'provider', tag: `warm-${slug(name)}` })
  }
  const rates = new Map()
  for (let round = 0; round < rounds; round++) {
    for (const { writers, appends } of cases) {
      for (const name of names.map((_x, i) => names[(i + round) % names.length])) {
        const { rate } = await appendRound(contenders[name], { writers, appends, mode: 'provider', tag: `r${round}-w${writers}-${slug(name)}` })
        const key = `${writers}|${name}`
        rates.set(key, [...(rates.get(key) ?? []), rate])
      }
    }
  }
  return (writers, name) => {
    const sorted = [...rates.get(`${writers}|${name}`)].sort((a, b) => a - b)
    return sorted[sorted.length >> 1]
  }
}

/** One printed line: writers, name, appends/s and a ratio to each baseline `{ label: rate }`. */
export function rateLine(writers, name, value, baselines, width = 32) {
  const ratios = Object.entries(baselines).map(([label, rate]) => `${(value / rate).toFixed(2)}× ${label}`)
  return `${String(writers).padStart(2)} writer(s)  ${name.padEnd(width)} ${value.toFixed(0).padStart(7)} appends/s  ${ratios.join('  ')}`
}

/**
 * Prints a line per contender and writer count: its median appends per second and its
 * ratio to each baseline, `{ label: contender name }`.
 */
export function printRates(median, { cases, names, baselines, width }) {
  for (const { writers } of cases) {
    const rates = Object.fromEntries(Object.entries(baselines).map(([label, name]) => [label, median(writers, name)]))
    for (const name of names) console.log(rateLine(writers, name, median(writers, name), rates, width))
  }
}
