#!/usr/bin/env node
// Measures two ratios of the Postgres providers against their raw driver, on the server
// at EVTSTORE_POSTGRES_URL (a scratch database is created and dropped):
//   1. append throughput: 16 concurrent writers on distinct aggregates, our append vs a
//      plain multi-row INSERT of equivalent rows into an equivalent table (target >= 0.7x);
//   2. catch-up: a handler reading N events from the start vs a raw paged SELECT (>= 0.5x).
// Usage: node bench/ratio-pg/ratio-pg.mjs [--events-per-append 1] [--appends 150] [--catch-up 20000] [--drivers pg,postgres]
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'

const root = new URL('../../', import.meta.url)
// The script is not a workspace package: it borrows the providers' own dependencies.
const fromPg = createRequire(new URL('packages/provider-pg/package.json', root))
const fromPostgres = createRequire(new URL('packages/provider-postgres/package.json', root))
const pg = fromPg('pg')
const postgres = fromPostgres('postgres')
const { createAggregate, createDomain } = fromPg('@evtstore/core')
const providerPg = fromPg('./dist/cjs/index.js')
const providerPostgres = fromPostgres('./dist/cjs/index.js')

const { values: args } = parseArgs({
  options: {
    'events-per-append': { type: 'string', default: '1' },
    appends: { type: 'string', default: '150' },
    'catch-up': { type: 'string', default: '20000' },
    drivers: { type: 'string', default: 'pg,postgres' },
  },
})
const WRITERS = 16
const PER_APPEND = Number(args['events-per-append'])
const APPENDS = Number(args.appends)
const CATCH_UP = Number(args['catch-up'])
const PAGE = 1000
const REPEATS = 3
const adminUrl = process.env.EVTSTORE_POSTGRES_URL
if (!adminUrl) {
  console.error('set EVTSTORE_POSTGRES_URL to a Postgres server (a scratch database is created there)')
  process.exit(2)
}

const RAW_DDL = `CREATE TABLE raw_events (
  position bigserial PRIMARY KEY, stream text NOT NULL, aggregate_id text NOT NULL, version integer NOT NULL,
  event_id text NOT NULL UNIQUE, payload jsonb NOT NULL, meta jsonb, "timestamp" timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream, aggregate_id, version))`
const RAW_INDEX = 'CREATE INDEX ON raw_events (stream, position)'

const payload = (i) => ({ type: 'deposited', amount: i, note: 'benchmark event with a little text' })

/** Raw multi-row INSERT of one append's rows: the baseline. */
function rawInsert(aggregateId, firstVersion) {
  const values = []
  const rows = []
  for (let k = 0; k < PER_APPEND; k++) {
    const b = k * 5
    rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`)
    values.push('bench', aggregateId, firstVersion + k, randomUUID(), JSON.stringify(payload(k)))
  }
  return {
    text: `INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ${rows.join(', ')}`,
    values,
  }
}

async function timed(fn) {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function writers(run) {
  return timed(() => Promise.all(Array.from({ length: WRITERS }, (_x, w) => run(w))))
}

const account = createAggregate({ stream: 'account', create: () => ({}), fold: () => ({}) })

/** The two drivers behind one interface: raw query, provider, migrate, close. */
function driver(name, url) {
  if (name === 'pg') {
    const pool = new pg.Pool({ connectionString: url, max: WRITERS })
    pool.on('error', () => undefined) // idle connections killed by DROP DATABASE at the end
    return {
      query: async (text, values) => (await pool.query(text, values)).rows,
      provider: () => providerPg.createProvider({ client: pool, limit: PAGE }),
      migrate: () => providerPg.migrate({ client: pool }),
      close: () => pool.end(),
    }
  }
  const sql = postgres(url, { max: WRITERS, onnotice: () => undefined })
  return {
    query: (text, values) => sql.unsafe(text, values ?? [], { prepare: true }),
    provider: () => providerPostgres.createProvider({ sql, limit: PAGE }),
    migrate: () => providerPostgres.migrate({ sql }),
    close: () => sql.end(),
  }
}

async function measure(name, url) {
  const db = driver(name, url)
  try {
    await db.migrate()
    await db.query(RAW_DDL)
    await db.query(RAW_INDEX)
    const provider = db.provider()
    const events = WRITERS * APPENDS * PER_APPEND
    // Warm up both paths (connections, prepared statements).
    await writers((w) =>
      provider.append({
        stream: 'warm',
        aggregateId: `w${w}`,
        expectedVersion: 0,
        events: [{ id: randomUUID(), event: payload(0) }],
      }),
    )
    await writers((w) => {
      const q = rawInsert(`warm${w}`, 1)
      return db.query(q.text, q.values)
    })

    // Alternate the two sides REPEATS times and keep each side's best run: the machine is shared.
    let rawSeconds = Infinity
    let oursSeconds = Infinity
    for (let rep = 0; rep < REPEATS; rep++) {
      rawSeconds = Math.min(
        rawSeconds,
        await writers(async (w) => {
          for (let i = 0; i < APPENDS; i++) {
            const q = rawInsert(`raw-${rep}-${w}`, i * PER_APPEND + 1)
            await db.query(q.text, q.values)
          }
        }),
      )
      oursSeconds = Math.min(
        oursSeconds,
        await writers(async (w) => {
          for (let i = 0; i < APPENDS; i++) {
            const batch = Array.from({ length: PER_APPEND }, (_x, k) => ({
              id: randomUUID(),
              event: payload(k),
            }))
            await provider.append({
              stream: 'bench',
              aggregateId: `ours-${rep}-${w}`,
              expectedVersion: i * PER_APPEND,
              events: batch,
            })
          }
        }),
      )
    }
    const appendRatio = rawSeconds / oursSeconds

    // Fill both tables up to CATCH_UP events of stream 'account', then read them all.
    const fill = CATCH_UP
    const perWriter = Math.ceil(fill / WRITERS / 50)
    await writers(async (w) => {
      for (let i = 0; i < perWriter; i++) {
        const batch = Array.from({ length: 50 }, (_x, k) => ({ id: randomUUID(), event: payload(k) }))
        await provider.append({
          stream: 'account',
          aggregateId: `fill-${w}`,
          expectedVersion: i * 50,
          events: batch,
        })
      }
    })
    await db.query(`INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload, "timestamp")
      SELECT stream, aggregate_id, version, event_id || '-copy', payload, "timestamp" FROM events WHERE stream = 'account' AND aggregate_id LIKE 'fill-%'`)
    const [{ n: rawCount }] = await db.query(
      `SELECT count(*)::int AS n FROM raw_events WHERE stream = 'account'`,
    )

    let rawRead = 0
    let rawReadSeconds = Infinity
    let handled = 0
    let handlerSeconds = Infinity
    const { createHandler } = createDomain({ provider, cacheSize: 0 }, { account })
    for (let rep = 0; rep < REPEATS; rep++) {
      rawRead = 0
      rawReadSeconds = Math.min(
        rawReadSeconds,
        await timed(async () => {
          let after = '0'
          for (;;) {
            const rows = await db.query(
              `SELECT position::text AS position, stream, aggregate_id, version, event_id, payload, meta, "timestamp"
             FROM raw_events WHERE stream = $1 AND raw_events.position > $2::bigint ORDER BY raw_events.position LIMIT $3`,
              ['account', after, PAGE],
            )
            if (rows.length === 0) break
            rawRead += rows.length
            after = rows[rows.length - 1].position
          }
        }),
      )
      const handler = createHandler(`bench-${randomUUID()}`, ['account'], { batchSize: PAGE })
      handled = 0
      handler.handle('account', 'deposited', () => void handled++)
      handlerSeconds = Math.min(handlerSeconds, await timed(() => handler.runOnce()))
    }
    const readRatio = handled / handlerSeconds / (rawRead / rawReadSeconds)

    const fmt = (n) => Math.round(n).toLocaleString('en-US')
    console.log(
      `\n[${name}] ${WRITERS} writers x ${APPENDS} appends x ${PER_APPEND} event(s); best of ${REPEATS} alternating runs per side`,
    )
    console.log(
      `  append   raw INSERT ${fmt((WRITERS * APPENDS * PER_APPEND) / rawSeconds)} ev/s   evtstore ${fmt(events / oursSeconds)} ev/s   ratio ${appendRatio.toFixed(2)}x (target >= 0.70)`,
    )
    console.log(
      `  catch-up raw SELECT ${fmt(rawRead / rawReadSeconds)} ev/s (${rawRead} of ${rawCount})   handler ${fmt(handled / handlerSeconds)} ev/s (${handled})   ratio ${readRatio.toFixed(2)}x (target >= 0.50)`,
    )
    return { appendRatio, readRatio }
  } finally {
    await db.close()
  }
}

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  const name = `ratio_${randomUUID().replace(/-/g, '').slice(0, 10)}`
  try {
    for (const drv of args.drivers.split(',')) {
      await admin.query(`CREATE DATABASE ${name}`)
      try {
        const url = new URL(adminUrl)
        url.pathname = `/${name}`
        await measure(drv, url.toString())
      } finally {
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)
      }
    }
  } finally {
    await admin.end()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
