#!/usr/bin/env node
// Where a provider-pg append's time goes once Node is in the loop, one step at a time:
// the bench's raw INSERT, our append statement without its RETURNING list, the whole
// statement (as pgAppendStatement writes it), and the provider's append through
// createDomain, each sent through node-postgres (named prepared statements, a pool of 16),
// by 1 and 16 writers that each append one event at a time to their own aggregate, as the
// bench's writers do. Interleaved round by round; prints the median appends per second
// and each line's ratio to the raw INSERT. pg-statement-cost.mjs is the same question with
// pgbench as the client (the server's share alone).
//
//   EVTSTORE_POSTGRES_URL=postgres://user:pw@127.0.0.1:5432/db node src/pg-client-cost.mjs
//
// Without EVTSTORE_POSTGRES_URL it starts the test server (@evtstore/test-databases).
// ROUNDS (default 5) interleaved rounds; SCALE (default 1) multiplies each round's appends
// (raise it on a fast machine, where a round of the defaults lasts a fraction of a second);
// asserts nothing.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { pgAppendStatement, pgTables } from '@evtstore/core/postgres'
import { createProvider, migrate } from '@evtstore/provider-pg'
import { oursContender } from './contenders/ours.mjs'
import { PG_RAW_DDL } from './contenders/raw-pg.mjs'
import { STREAM } from './model.mjs'
import { measureAppendRates, printRates } from './append-rates.mjs'
import { costDatabase, costSizes } from './cost-setup.mjs'
import { POOL_SIZE } from './suites/clients.mjs'

const { rounds: ROUNDS, cases: CASES } = costSizes(600, 150)
const RAW_INSERT = 'INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ($1, $2, $3, $4, $5::jsonb)'

/** A contender that sends one statement per append, built by `statement(id, version, event)`. */
function statementContender(pool, name, statement) {
  return {
    async append(id, version, [event]) {
      const { text, values } = statement(id, version, event)
      await pool.query({ name, text, values })
    },
  }
}

const database = await costDatabase('client_cost')
const url = database.url
const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
const providerPool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
// Dropping the database at the end terminates whatever connection is still closing: not an error here.
for (const p of [pool, providerPool]) p.on('error', () => undefined)
const tables = pgTables({})
const ours = (id, version, event) =>
  pgAppendStatement(tables, { stream: STREAM, aggregateId: id, expectedVersion: version, events: [{ id: randomUUID(), event }] }, { notify: false })
const withoutReturning = (text) => text.slice(0, text.indexOf('RETURNING'))
const provider = oursContender('provider-pg append', async () => ({ provider: createProvider({ client: providerPool }), close: async () => undefined }))
const contenders = {
  'raw INSERT': statementContender(pool, 'raw_insert', (id, version, event) => ({
    text: RAW_INSERT,
    values: [STREAM, id, version + 1, randomUUID(), JSON.stringify(event)],
  })),
  'our statement without RETURNING': statementContender(pool, 'ours_no_returning', (id, version, event) => {
    const { text, values } = ours(id, version, event)
    return { text: withoutReturning(text), values: [...values] }
  }),
  'our statement': statementContender(pool, 'ours_statement', (id, version, event) => {
    const { text, values } = ours(id, version, event)
    return { text, values: [...values] }
  }),
  'provider-pg append': provider,
}
try {
  await migrate({ client: pool })
  for (const statement of PG_RAW_DDL) await pool.query(statement)
  await provider.open()
  const median = await measureAppendRates(contenders, { cases: CASES, rounds: ROUNDS })
  printRates(median, { cases: CASES, names: Object.keys(contenders), baselines: { raw: 'raw INSERT' } })
} finally {
  await provider.close().catch(() => undefined)
  await pool.end()
  await providerPool.end()
  await database.close()
}
