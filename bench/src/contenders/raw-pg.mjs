// Raw node-postgres on an equivalent table: what a user writes by hand.
import pg from 'pg'
import { STREAM } from '../model.mjs'
import { foldRows, rawRows, valuesList } from './raw-sql.mjs'

/** The equivalent Postgres table: ours' columns a user keeps, its unique constraints and log index. */
export const PG_RAW_DDL = [
  `CREATE TABLE IF NOT EXISTS raw_events (
    position bigserial PRIMARY KEY, stream text NOT NULL, aggregate_id text NOT NULL, version integer NOT NULL,
    event_id text NOT NULL UNIQUE, payload jsonb NOT NULL, meta jsonb, "timestamp" timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream, aggregate_id, version))`,
  'CREATE INDEX IF NOT EXISTS raw_events_stream_position ON raw_events (stream, position)',
]
const INSERT = 'INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES '
export const PG_RAW_PAGE = `SELECT position::text AS position, stream, aggregate_id, version, event_id, payload, meta, "timestamp"
  FROM raw_events WHERE stream = $1 AND position > $2::bigint ORDER BY raw_events.position LIMIT $3`
export const PG_RAW_AGGREGATE =
  'SELECT version, payload FROM raw_events WHERE stream = $1 AND aggregate_id = $2 ORDER BY version'

/** Raw pg: prepared single-row INSERT in autocommit, a multi-row INSERT per batch, paged SELECT, SELECT + fold. */
export function rawPg(store) {
  let pool
  return {
    label: 'raw pg',
    missing: {
      command: 'no commands: compared with its single INSERT',
      follow: 'no handler in a raw driver',
    },
    async open() {
      pool = new pg.Pool({ connectionString: store.url, max: 16 })
      pool.on('error', () => undefined)
      for (const statement of PG_RAW_DDL) await pool.query(statement)
    },
    async append(id, version, events) {
      const rows = rawRows(STREAM, id, version, events)
      const text = INSERT + valuesList(rows.length, (i) => `$${i}`, '::jsonb')
      await pool.query({ name: `raw_insert_${rows.length}`, text, values: rows.flat() })
    },
    async load(id) {
      const { rows } = await pool.query({
        name: 'raw_aggregate',
        text: PG_RAW_AGGREGATE,
        values: [STREAM, id],
      })
      return foldRows(rows, (row) => row.payload)
    },
    async catchUp(batchSize, progress) {
      let after = '0'
      let seen = 0
      for (;;) {
        const { rows } = await pool.query({
          name: 'raw_page',
          text: PG_RAW_PAGE,
          values: [STREAM, after, batchSize],
        })
        if (rows.length === 0) return seen
        for (const row of rows) if (row.payload.type === 'deposited') seen++
        after = rows[rows.length - 1].position
        progress?.(seen)
      }
    },
    async close() {
      await pool?.end()
    },
  }
}
