#!/usr/bin/env node
// The server's side of a provider-pg append, without Node in the way: pgbench runs our
// exact append statement (from pgAppendStatement, one event, each on a new aggregate) and
// the raw INSERT of the bench's raw contender, interleaved, at 1 and 16 clients, and
// prints the median transactions per second and their ratio. Variants take out one part
// of ours at a time (the head probe, the RETURNING list), to show what each costs.
//
//   EVTSTORE_POSTGRES_URL=postgres://user:pw@127.0.0.1:5432/db node src/pg-statement-cost.mjs
//
// Without EVTSTORE_POSTGRES_URL it starts the test server (@evtstore/test-databases).
// Needs `pgbench` on PATH (or PGBENCH=/usr/lib/postgresql/15/bin/pgbench). Asserts nothing.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { pgAppendStatement, pgTables } from '@evtstore/core/postgres'
import { migrate } from '@evtstore/provider-pg'
import { createTestDatabase, startDatabase } from '@evtstore/test-databases'
import { PG_RAW_DDL } from './contenders/raw-pg.mjs'

const SECONDS = Number(process.env.SECONDS_PER_CASE ?? 8)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const PGBENCH = process.env.PGBENCH ?? 'pgbench'
const PAYLOAD = `'{"type":"deposited","amount":1}'`

const server = process.env.EVTSTORE_POSTGRES_URL ? undefined : await startDatabase('postgres')
const store = server ? await createTestDatabase('postgres', server.url, 'statement_cost') : undefined
const url = process.env.EVTSTORE_POSTGRES_URL ?? store.url
const pool = new pg.Pool({ connectionString: url })
try {
  await migrate({ client: pool })
  for (const statement of PG_RAW_DDL) await pool.query(statement)
  const request = { stream: 'account', aggregateId: 'A', expectedVersion: 0, events: [{ id: 'E', event: { type: 'deposited' } }] }
  const ours = pgAppendStatement(pgTables({}), request, { notify: false }).text
    .replace(/\$1\b/g, `'account'`)
    .replace(/\$2\b/g, `('a' || :agg)`)
    .replace(/\$3\b/g, '0')
    .replace(/\$4\b/g, `('e' || :agg)`)
    .replace(/\$5\b/g, PAYLOAD)
    .replace(/\$6\b/g, 'NULL')
  const head = '\\set agg random(1, 9000000000000)\n'
  const scripts = {
    'raw INSERT': `INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ('account', 'a' || :agg, 1, 'e' || :agg, ${PAYLOAD}::text::jsonb);`,
    'ours (pgAppendStatement)': `${ours};`,
    'ours without the head probe': `INSERT INTO "events" (tx_id, stream, aggregate_id, version, event_id, payload, meta) VALUES (pg_current_xact_id(), 'account', 'a' || :agg, 1, 'e' || :agg, ${PAYLOAD}::text::jsonb, NULL)\n${ours.slice(ours.indexOf('RETURNING'))};`,
    'ours without RETURNING': `${ours.slice(0, ours.indexOf('RETURNING'))};`,
  }
  const dir = mkdtempSync(join(tmpdir(), 'evtstore-pgbench-'))
  const files = Object.fromEntries(
    Object.entries(scripts).map(([name, sql]) => {
      const file = join(dir, `${name.replace(/\W+/g, '_')}.sql`)
      writeFileSync(file, head + sql + '\n')
      return [name, file]
    }),
  )
  const tps = new Map()
  for (let round = 0; round < ROUNDS; round++) {
    for (const clients of [1, 16]) {
      for (const [name, file] of Object.entries(files)) {
        const out = execFileSync(PGBENCH, ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(SECONDS), '-f', file, url], { encoding: 'utf8' })
        const value = Number(/tps = ([\d.]+)/.exec(out)?.[1])
        const key = `${clients}|${name}`
        tps.set(key, [...(tps.get(key) ?? []), value])
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  for (const clients of [1, 16]) {
    const raw = median(tps.get(`${clients}|raw INSERT`))
    for (const name of Object.keys(scripts)) {
      const value = median(tps.get(`${clients}|${name}`))
      console.log(`${String(clients).padStart(2)} client(s)  ${name.padEnd(30)} ${value.toFixed(0).padStart(7)} tps  ${(value / raw).toFixed(2)}× raw`)
    }
  }
} finally {
  await pool.end()
  await store?.drop()
  await server?.stop()
}
