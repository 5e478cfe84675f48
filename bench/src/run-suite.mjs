// One provider suite: opens each contender on a fresh store of the same server, runs the
// selected scenarios interleaved round by round and collects the figures.
import { interleave } from './interleave.mjs'
import { appendRound } from './scenarios/append.mjs'
import { catchUpRound } from './scenarios/catch-up.mjs'
import { latencyRound } from './scenarios/latency.mjs'
import { loadRound } from './scenarios/load.mjs'
import { idRange, seed } from './scenarios/seed.mjs'
import { loadSuite } from './suites/index.mjs'

export const ROLES = ['ours', 'raw', 'v12', 'emmett']
const PAGE = 1000 // events per read for every contender's catch-up
const PER_CATCH_UP_AGGREGATE = 100

/** Runs a suite; resolves to its result (never rejects: failures are recorded in it). */
export async function runSuite(name, settings, servers, log) {
  const result = { name, title: name, roles: {}, metrics: {}, errors: [] }
  let suite
  try {
    suite = await loadSuite(name)
  } catch (error) {
    result.unavailable = error.message
    return result
  }
  result.title = suite.title
  const serverProblem = servers.missing(suite.server)
  if (serverProblem) {
    result.unavailable = `the ${suite.server} server could not start: ${serverProblem}`
    return result
  }
  result.server =
    servers.version(suite.server) ??
    (suite.server === 'sqlite' ? 'SQLite (better-sqlite3, a file)' : 'in-process')
  for (const role of ROLES) {
    const given = suite.contenders[role]
    result.roles[role] = typeof given === 'string' ? { missing: given } : {}
  }
  const active = ROLES.filter((role) => typeof suite.contenders[role] === 'function')
  const want = (scenario) => settings.scenarios.includes(scenario)
  const big = settings.millionSuites.includes(name) && !suite.inProcess
  const s = settings

  const run = async (metric, opened, needs, fn) => {
    const t0 = performance.now()
    const figures = await interleave(opened, { rounds: s.rounds, needs, log, metric }, fn)
    result.metrics[metric] = figures
    log(`  ${metric}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    for (const [role, figure] of Object.entries(figures)) {
      if (figure.error) result.errors.push(`${role} ${metric}: ${figure.error}`)
      if (figure.missed) result.errors.push(`${role} ${metric}: ${figure.missed} events never delivered`)
    }
  }

  /** Opens every contender on a fresh store, runs `body`, closes them. */
  const phase = async (tag, body) => {
    const t0 = performance.now()
    const opened = {}
    for (const role of active) {
      let store
      try {
        store = await servers.store(suite.server, `bench_${tag}_${role}`)
      } catch (error) {
        result.roles[role].error = error.message
        result.errors.push(`${role} store (${tag}): ${error.message}`)
        log(`  ! no ${tag} store for ${role}: ${error.message}`)
        continue
      }
      const contender = suite.contenders[role](store)
      if (typeof contender === 'string') {
        result.roles[role].missing = contender // this contender cannot run on this server
        continue
      }
      result.roles[role].label = contender.label
      try {
        await contender.open()
        opened[role] = { contender, store }
      } catch (error) {
        result.roles[role].error = error.message
        result.errors.push(`${role} open (${tag}): ${error.message}`)
        log(`  ! ${contender.label} could not open: ${error.stack}`)
      }
    }
    log(`  ${tag} stores opened: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    try {
      await body(opened)
    } finally {
      for (const { contender } of Object.values(opened)) await contender.close().catch(() => undefined)
    }
  }
  const seedAll = async (opened, plan) => {
    const t0 = performance.now()
    for (const [role, { contender }] of Object.entries(opened)) {
      try {
        await plan(contender)
      } catch (error) {
        delete opened[role]
        result.errors.push(`${role} seed: ${error.message}`)
        log(`  ! ${contender.label} could not seed: ${error.stack}`)
      }
    }
    log(`  seeded: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }

  if (want('append') || want('append16') || want('batch') || want('latency')) {
    await phase('write', async (opened) => {
      for (const { contender } of Object.values(opened)) {
        await warmUp(contender, 'provider', s.warmUpMs)
        if (contender.command && !contender.missing.command) await warmUp(contender, 'command', s.warmUpMs)
      }
      const appendMetric = (metric, mode, writers, appends, perAppend = 1) =>
        run(metric, opened, mode === 'command' ? 'command' : undefined, (c, r) =>
          appendRound(c, { writers, appends, perAppend, mode, tag: `${metric}-r${r}` }),
        )
      if (want('append')) {
        await appendMetric('append1', 'provider', 1, s.appends)
        await appendMetric('command1', 'command', 1, s.appends)
      }
      if (want('append16')) {
        await appendMetric('append16', 'provider', 16, s.writerAppends)
        await appendMetric('command16', 'command', 16, s.writerAppends)
      }
      if (want('batch')) await appendMetric('batch10', 'provider', 1, s.batches, 10)
      if (want('latency')) {
        await run('latency', opened, 'follow', (c, r) =>
          latencyRound(c, { samples: s.latencySamples, tag: `latency-r${r}` }),
        )
        // where our provider pushes, the row above is with push: ours again polling only
        // (`push: false`, the same tailInterval); the baselines poll in both rows
        if (opened.ours?.contender.pushes?.()) {
          await run('latencyPoll', { ours: opened.ours }, 'follow', (c, r) =>
            latencyRound(c, { samples: s.latencySamples, tag: `latency-poll-r${r}`, push: false }),
          )
        }
      }
    })
  }

  if (want('load')) {
    await phase('load', async (opened) => {
      const aggregates = Math.max(1, Math.round(s.loadStore / s.loadEvents))
      await seedAll(opened, (c) =>
        seed(c, { ids: idRange('load', aggregates), perAggregate: s.loadEvents, chunk: 100 }),
      )
      result.loadStore = aggregates * s.loadEvents
      for (const { contender } of Object.values(opened)) {
        await loadRound(contender, { id: 'load-0', times: s.loads, expected: s.loadEvents }).catch(() => undefined)
      }
      await run('load10k', opened, 'load', (c) =>
        loadRound(c, { id: 'load-0', times: s.loads, expected: s.loadEvents }),
      )
    })
  }

  if (want('catch-up') || (want('load') && big)) {
    await phase('catch', async (opened) => {
      const aggregates = Math.round(s.catchUp / PER_CATCH_UP_AGGREGATE)
      const total = aggregates * PER_CATCH_UP_AGGREGATE
      result.catchUpStore = total
      const catchIds = idRange('catch', aggregates)
      if (!suite.inProcess) {
        await seedAll(opened, (c) =>
          seed(c, { ids: catchIds, perAggregate: PER_CATCH_UP_AGGREGATE, chunk: PER_CATCH_UP_AGGREGATE }),
        )
      }
      const catchUp = (metric, expected) =>
        run(metric, opened, 'catchUp', (_c, _r, role) =>
          catchUpRound({
            suite: name,
            role,
            store: opened[role].store,
            batchSize: PAGE,
            seedPlan: suite.inProcess ? { aggregates, perAggregate: PER_CATCH_UP_AGGREGATE } : undefined,
            expected,
            timeoutS: s.catchUpTimeout,
          }),
        )
      if (want('catch-up')) await catchUp('catchUp', total)
      if (!big) return
      // grow the same store to the big size: 1,000-event aggregates plus the loaded one
      const extra = s.million - total - s.loadEvents
      const bulk = Math.floor(extra / 1000)
      const rest = extra - bulk * 1000
      log(`  growing the stores to ${s.million.toLocaleString('en-US')} events …`)
      await seedAll(opened, (c) =>
        Promise.all([
          seed(c, { ids: idRange('bulk', bulk), perAggregate: 1000, chunk: 500, concurrency: 3 }),
          rest > 0 ? seed(c, { ids: ['bulk-rest'], perAggregate: rest, chunk: 500 }) : undefined,
          seed(c, { ids: ['load-0'], perAggregate: s.loadEvents, chunk: 100, concurrency: 1 }),
        ]),
      )
      result.millionStore = s.million
      if (want('catch-up')) await catchUp('catchUp1M', s.million)
      if (want('load'))
        await run('load1M', opened, 'load', (c) =>
          loadRound(c, { id: 'load-0', times: s.loads, expected: s.loadEvents }),
        )
    })
  }
  return result
}

/**
 * Unmeasured appends (or commands) of 16 writers, 4 each, repeated until `ms` have passed
 * (at least once): every contender is measured with its hot code already optimised by V8,
 * not in its first few hundred calls, which would mostly time the compiler and favour
 * whoever runs the least JavaScript. A failure here is left to the measured rounds.
 */
async function warmUp(contender, mode, ms) {
  const until = performance.now() + ms
  let loop = 0
  do {
    const ok = await appendRound(contender, { writers: 16, appends: 4, mode, tag: `warm-${mode}-${loop++}` }).then(
      () => true,
      () => false,
    )
    if (!ok) return
  } while (performance.now() < until)
}
