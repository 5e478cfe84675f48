// The targets of the performance issue (#15), checked against a run's figures.
import { METRICS, ratioOf, valueOf, figureOf } from './metrics.mjs'

const metric = (id) => METRICS.find((m) => m.id === id)

/** Each target: which suites, which metric, the comparison and the threshold. */
const TARGETS = [
  {
    text: 'provider append ≥ 0.85× raw',
    suites: ['pg', 'postgres-js'],
    metrics: ['append1', 'append16'],
    min: 0.85,
  },
  {
    text: 'command on a cached aggregate ≥ 0.8× raw',
    suites: ['pg', 'postgres-js'],
    metrics: ['command1', 'command16'],
    min: 0.8,
  },
  {
    text: 'knex on Postgres append ≥ 0.7× raw',
    suites: ['knex-pg'],
    metrics: ['append1', 'append16'],
    min: 0.7,
  },
  {
    text: 'knex on SQLite / MariaDB append ≥ 0.7× raw (goal)',
    suites: ['knex-sqlite', 'knex-mariadb'],
    metrics: ['append1', 'append16'],
    min: 0.7,
  },
  {
    text: 'handler catch-up ≥ 1× the raw paged SELECT',
    suites: ['pg', 'postgres-js', 'knex-pg', 'knex-sqlite', 'knex-mariadb'],
    metrics: ['catchUp', 'catchUp1M'],
    min: 1,
  },
  {
    text: 'aggregate load ≤ 1.5× raw SELECT + fold',
    suites: ['pg', 'postgres-js', 'knex-pg', 'knex-sqlite', 'knex-mariadb'],
    metrics: ['load10k', 'load1M'],
    max: 1.5,
  },
]

/** Rows `{ target, suite, metric, figure, met }` for the suites of a run. */
export function checkTargets(results) {
  const rows = []
  const bySuite = new Map(results.map((r) => [r.name, r]))
  for (const target of TARGETS) {
    for (const suite of target.suites) {
      const result = bySuite.get(suite)
      if (!result || result.unavailable) continue
      for (const id of target.metrics) {
        const r = ratioOf(result, metric(id), 'raw')
        if (r === undefined) continue
        rows.push({
          target: target.text,
          suite,
          metric: metric(id).label,
          figure: r,
          met: target.min !== undefined ? r >= target.min : r <= target.max,
        })
      }
    }
  }
  // the load in the big store within 1.2× of the small store, ours only
  for (const result of results) {
    if (result.unavailable) continue
    const small = valueOf(metric('load10k'), figureOf(result, metric('load10k'), 'ours'))
    const large = valueOf(metric('load1M'), figureOf(result, metric('load1M'), 'ours'))
    if (small === undefined || large === undefined) continue
    const r = large / small
    rows.push({
      target: 'aggregate load in the big store ≤ 1.2× the small store',
      suite: result.name,
      metric: 'ours, big ÷ small',
      figure: r,
      met: r <= 1.2,
    })
  }
  return rows
}
