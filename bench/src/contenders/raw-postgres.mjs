// Raw postgres.js on the same equivalent table as raw pg.
import postgres from 'postgres'
import { STREAM } from '../model.mjs'
import { PG_RAW_AGGREGATE, PG_RAW_DDL, PG_RAW_PAGE } from './raw-pg.mjs'
import { foldRows, rawRows, valuesList } from './raw-sql.mjs'

const INSERT = 'INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES '

/** Raw postgres.js: prepared statements (its default), otherwise as raw pg. */
export function rawPostgres(store) {
  let sql
  return {
    label: 'raw postgres.js',
    missing: {
      command: 'no commands: compared with its single INSERT',
      follow: 'no handler in a raw driver',
    },
    async open() {
      sql = postgres(store.url, { max: 16, onnotice: () => undefined })
      for (const statement of PG_RAW_DDL) await sql.unsafe(statement)
    },
    async append(id, version, events) {
      const rows = rawRows(STREAM, id, version, events)
      // the payload goes as text: a json-typed parameter would be JSON-encoded a second time
      const text = INSERT + valuesList(rows.length, (i) => `$${i}`, '::text::jsonb')
      await sql.unsafe(text, rows.flat(), { prepare: true })
    },
    async load(id) {
      const rows = await sql.unsafe(PG_RAW_AGGREGATE, [STREAM, id], { prepare: true })
      return foldRows(rows, (row) => row.payload)
    },
    async catchUp(batchSize, progress) {
      let after = '0'
      let seen = 0
      for (;;) {
        const rows = await sql.unsafe(PG_RAW_PAGE, [STREAM, after, batchSize], { prepare: true })
        if (rows.length === 0) return seen
        for (const row of rows) if (row.payload.type === 'deposited') seen++
        after = rows[rows.length - 1].position
        progress?.(seen)
      }
    },
    async close() {
      await sql?.end()
    },
  }
}
