import { parseArgs } from 'node:util'

/** Every provider suite, in report order. */
export const SUITES = [
  'memory',
  'pg',
  'postgres-js',
  'knex-sqlite',
  'knex-pg',
  'knex-mariadb',
  'mongo',
  'neo4j5',
]

/** Every scenario, in report order. */
export const SCENARIOS = ['append', 'append16', 'batch', 'load', 'catch-up', 'latency']

const FULL = {
  rounds: 3,
  appends: 400, // 1 writer: appends per round (and as many commands)
  writerAppends: 60, // 16 writers: appends per writer per round
  batches: 150, // appends of 10 events per round
  catchUp: 100_000, // events in the catch-up store (100 per aggregate)
  million: 1_000_000, // events in the big store
  millionSuites: ['pg', 'knex-sqlite'],
  loadEvents: 1000, // events of the aggregate that is loaded
  loadStore: 10_000, // events in the small load store
  loads: 10, // loads per round
  latencySamples: 15,
  catchUpTimeout: 90, // seconds before a catch-up child is stopped (reported as partial)
  parallel: 1, // suites measured at once
  warmUpMs: 2000, // unmeasured appends and commands per contender before the write scenarios (and one unmeasured load round)
}

const QUICK = {
  ...FULL,
  rounds: 1,
  appends: 15,
  writerAppends: 2,
  batches: 5,
  catchUp: 1_000,
  million: 3_000,
  loadEvents: 100,
  loadStore: 1_000,
  loads: 2,
  latencySamples: 1,
  catchUpTimeout: 20,
  warmUpMs: 0, // one warm-up loop only
  parallel: 4, // the suites disturb each other's figures: fine for checking the harness
}

const USAGE = `usage: pnpm bench [options]
  --providers a,b     suites to run (default: all): ${SUITES.join(', ')}
  --scenarios a,b     scenarios to run (default: all): ${SCENARIOS.join(', ')}
  --rounds N          interleaved rounds per scenario (default ${FULL.rounds})
  --appends N         1-writer appends (and commands) per round (default ${FULL.appends})
  --writer-appends N  appends per writer per round with 16 writers (default ${FULL.writerAppends})
  --batches N         appends of 10 events per round (default ${FULL.batches})
  --catch-up N        events in the catch-up store, 100 per aggregate (default ${FULL.catchUp})
  --million N         events in the big store (default ${FULL.million})
  --million-suites a  suites that also build the big store (default ${FULL.millionSuites.join(',')}; 'none')
  --load-events N     events of the loaded aggregate (default ${FULL.loadEvents})
  --load-store N      events in the small load store (default ${FULL.loadStore})
  --latency-samples N appends timed to their handler per round (default ${FULL.latencySamples})
  --warm-up-ms N      unmeasured appends and commands per contender before the write rounds (default ${FULL.warmUpMs})
  --parallel N        suites measured at once (default 1; --quick: 4). Above 1 the suites
                      disturb each other's figures: for checking the harness, not for results
  --quick             tiny sizes, one round, 4 suites at once (under two minutes); asserts nothing about speed
  --no-write          print only (no bench/results file, no chart)
  --help`

const INTEGER_KEYS = {
  rounds: 'rounds',
  appends: 'appends',
  'writer-appends': 'writerAppends',
  batches: 'batches',
  'catch-up': 'catchUp',
  million: 'million',
  'load-events': 'loadEvents',
  'load-store': 'loadStore',
  'latency-samples': 'latencySamples',
  parallel: 'parallel',
  'warm-up-ms': 'warmUpMs',
}

/** Parses the command line into the run's settings; exits with usage on a bad option. */
export function readOptions(argv = process.argv.slice(2)) {
  const spec = {
    providers: { type: 'string' },
    scenarios: { type: 'string' },
    'million-suites': { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  }
  for (const key of Object.keys(INTEGER_KEYS)) spec[key] = { type: 'string' }
  let values
  try {
    ;({ values } = parseArgs({ args: argv, options: spec, strict: true }))
  } catch (error) {
    fail(error.message)
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const settings = { ...(values.quick ? QUICK : FULL), quick: values.quick, write: !values['no-write'] }
  for (const [flag, key] of Object.entries(INTEGER_KEYS)) {
    if (values[flag] === undefined) continue
    const n = Number(values[flag])
    if (!Number.isInteger(n) || n < 1) fail(`--${flag} must be a positive integer`)
    settings[key] = n
  }
  settings.suites = list(values.providers, SUITES, '--providers')
  settings.scenarios = list(values.scenarios, SCENARIOS, '--scenarios')
  if (values['million-suites'] !== undefined) {
    settings.millionSuites =
      values['million-suites'] === 'none' ? [] : list(values['million-suites'], SUITES, '--million-suites')
  }
  if (settings.loadStore < settings.loadEvents) fail('--load-store must be at least --load-events')
  if (settings.catchUp < 100) fail('--catch-up must be at least 100')
  return settings
}

function list(value, allowed, flag) {
  if (value === undefined) return [...allowed]
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const name of names)
    if (!allowed.includes(name)) fail(`${flag}: unknown '${name}' (one of ${allowed.join(', ')})`)
  return allowed.filter((name) => names.includes(name))
}

function fail(message) {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}
