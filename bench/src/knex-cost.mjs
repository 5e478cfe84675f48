#!/usr/bin/env node
// What knex itself costs on Postgres, before our provider adds anything: the bench's raw
// node-postgres INSERT, the same INSERT sent through `knex.raw` (knex's pool, bindings
// and query path on the same pg driver), and our provider-knex append, interleaved round
// by round at 1 and 16 writers on one server. Prints the median appends per second and
// each line's ratio to raw pg and to raw knex: the bench compares knex on Postgres with
// raw pg, so the raw-knex line is the most any knex-based append can reach there.
//
//   EVTSTORE_POSTGRES_URL=postgres://user:pw@127.0.0.1:5432/db node src/knex-cost.mjs
//
// Without EVTSTORE_POSTGRES_URL it starts the test server (@evtstore/test-databases).
// ROUNDS (default 5) interleaved rounds; SCALE (default 1) multiplies each round's appends
// (raise it on a fast machine, where a round of the defaults lasts a fraction of a second);
// asserts nothing.
import { rawPg } from './contenders/raw-pg.mjs'
import { rawRows, valuesList } from './contenders/raw-sql.mjs'
import { STREAM } from './model.mjs'
import { measureAppendRates, printRates } from './append-rates.mjs'
import { costDatabase, costSizes } from './cost-setup.mjs'
import { knexFor } from './suites/clients.mjs'
import { oursKnex } from './suites/knex-ours.mjs'

const { rounds: ROUNDS, cases: CASES } = costSizes(400, 100)

/** The raw INSERT of the bench's raw pg contender, sent through knex.raw on the same table. */
function rawKnex(store) {
  let db
  return {
    label: 'raw knex.raw INSERT',
    async open() {
      db = knexFor(store)
    },
    async append(id, version, events) {
      const rows = rawRows(STREAM, id, version, events)
      const text = `INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ${valuesList(rows.length, () => '?', '::jsonb')}`
      await db.raw(text, rows.flat())
    },
    async close() {
      await db?.destroy()
    },
  }
}

const database = await costDatabase('knex_cost')
const target = { kind: 'postgres', url: database.url }
// raw pg opens first: it creates the raw table the knex line writes to
const contenders = { 'raw pg': rawPg(target), 'raw knex': rawKnex(target), 'ours (provider-knex)': oursKnex('ours', target) }
try {
  for (const contender of Object.values(contenders)) await contender.open()
  const median = await measureAppendRates(contenders, { cases: CASES, rounds: ROUNDS })
  printRates(median, { cases: CASES, names: Object.keys(contenders), baselines: { 'raw pg': 'raw pg', 'raw knex': 'raw knex' }, width: 22 })
} finally {
  for (const contender of Object.values(contenders)) await contender.close().catch(() => undefined)
  await database.close()
}
