// Runs one scenario for every contender, round by round, in a rotating order (round r
// starts with contender r), so no contender always goes first or last.
import { median, percentile } from './stats.mjs'

/** Which contender method a capability needs, and the key of its `missing` reason. */
const NEEDS = { command: 'command', follow: 'follow', catchUp: 'catchUp', load: 'load' }

/**
 * Runs `fn(contender, round, role)` for each opened contender and round; resolves to
 * `{ [role]: summary | { missing } | { error } }` where summary is {@link summarise} of the rounds.
 */
export async function interleave(opened, { rounds, needs, log, metric }, fn) {
  const roles = Object.keys(opened)
  const out = {}
  const runs = Object.fromEntries(roles.map((role) => [role, []]))
  for (const role of roles) {
    const { contender } = opened[role]
    const reason =
      needs &&
      (contender.missing?.[needs] ??
        (typeof contender[NEEDS[needs]] === 'function' ? undefined : 'not supported'))
    if (reason) out[role] = { missing: reason }
  }
  for (let round = 0; round < rounds; round++) {
    const order = roles.map((_x, i) => roles[(i + round) % roles.length])
    for (const role of order) {
      if (out[role]) continue
      try {
        runs[role].push(await fn(opened[role].contender, round, role))
      } catch (error) {
        out[role] = { error: (error?.message ?? String(error)).split('\n')[0] }
        log(`  ! ${metric}: ${opened[role].contender.label} failed: ${error?.stack ?? error}`)
      }
    }
  }
  for (const role of roles) if (!out[role]) out[role] = summarise(runs[role])
  return out
}

/** Medians over rounds of each figure; latency percentiles over the pooled samples of all rounds. */
export function summarise(list) {
  const summary = { rounds: list.length }
  for (const key of ['rate', 'ms', 'rssMiB']) {
    const values = list.map((x) => x[key]).filter((v) => v !== undefined)
    if (values.length > 0) summary[key] = median(values)
  }
  const samples = list.flatMap((x) => x.samples ?? [])
  if (samples.length > 0) {
    summary.p50 = percentile(samples, 50)
    summary.p99 = percentile(samples, 99)
    summary.samples = samples.length
  } else {
    for (const key of ['p50', 'p99']) {
      const values = list.map((x) => x[key]).filter((v) => v !== undefined)
      if (values.length > 0) summary[key] = median(values)
    }
  }
  if (list.some((x) => x.partial)) summary.partial = true
  const repeats = list.reduce((sum, x) => sum + (x.repeats ?? 0), 0)
  if (repeats > 0) summary.repeats = repeats
  const missed = list.reduce((sum, x) => sum + (x.missed ?? 0), 0)
  if (missed > 0) summary.missed = missed
  return summary
}
