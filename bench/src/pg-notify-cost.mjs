#!/usr/bin/env node
// What the push wake-up costs a Postgres append on a pool: the bench's raw INSERT, and
// `createPgProvider` appends (through createDomain, as provider-pg builds it: named
// prepared statements on a pool of 16, `notify: 'after-append'`) with the wake-up
// statements spaced by `notifyInterval` 0 (one in flight at a time, no spacing), 2 ms
// (the default) and 5 ms, and with no wake-up at all (the statements dropped before they
// reach the server: the most spacing could give). Interleaved round by round at 1 and 16
// writers; prints the median appends per second and each line's ratio to the raw INSERT.
//
//   EVTSTORE_POSTGRES_URL=postgres://user:pw@127.0.0.1:5432/db node src/pg-notify-cost.mjs
//
// Without EVTSTORE_POSTGRES_URL it starts the test server (@evtstore/test-databases).
// ROUNDS (default 5) interleaved rounds; SCALE (default 1) multiplies each round's appends;
// asserts nothing.
import pg from 'pg'
import { createPgProvider, pgStatementName, pgTables } from '@evtstore/core/postgres'
import { migrate } from '@evtstore/provider-pg'
import { rawPg } from './contenders/raw-pg.mjs'
import { oursContender } from './contenders/ours.mjs'
import { measureAppendRates, printRates } from './append-rates.mjs'
import { costDatabase, costSizes } from './cost-setup.mjs'
import { POOL_SIZE } from './suites/clients.mjs'

const { rounds: ROUNDS, cases: CASES } = costSizes(600, 150)
const database = await costDatabase('notify_cost')
const url = database.url
const pools = []

/** Our append on its own pool; `wakeUps: false` drops the wake-up statements unsent. */
function provider(label, { interval, wakeUps = true }) {
  return oursContender(label, async () => {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
    // dropping the database at the end terminates whatever connection is still closing
    pool.on('error', () => undefined)
    pools.push(pool)
    const run = async ({ text, values }) => {
      if (!wakeUps && text.startsWith('SELECT pg_notify(')) return []
      return (await pool.query({ name: pgStatementName(text), text, values: [...values] })).rows
    }
    const tables = pgTables({})
    await migrate({ client: pool })
    const created = createPgProvider({ name: 'pg', tables, limit: 1000, run, notify: 'after-append', notifyInterval: interval })
    return { provider: created, close: async () => undefined }
  })
}

const contenders = {
  'raw INSERT': rawPg({ kind: 'postgres', url }),
  'wake-ups, no spacing': provider('interval 0', { interval: 0 }),
  'wake-ups every 2 ms': provider('interval 2', { interval: 2 }),
  'wake-ups every 5 ms': provider('interval 5', { interval: 5 }),
  'no wake-ups': provider('none', { interval: 0, wakeUps: false }),
}
try {
  for (const contender of Object.values(contenders)) await contender.open()
  const median = await measureAppendRates(contenders, { cases: CASES, rounds: ROUNDS })
  printRates(median, { cases: CASES, names: Object.keys(contenders), baselines: { raw: 'raw INSERT' } })
} finally {
  for (const contender of Object.values(contenders)) await contender.close().catch(() => undefined)
  for (const pool of pools) await pool.end()
  await database.close()
}
