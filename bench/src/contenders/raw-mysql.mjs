// Raw mysql2 on an equivalent MariaDB table (ours' columns, unique keys and log index).
import mysql from 'mysql2/promise'
import { STREAM } from '../model.mjs'
import { foldRows, rawRows, valuesList } from './raw-sql.mjs'

const DDL = `CREATE TABLE IF NOT EXISTS raw_events (
  position BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, stream VARBINARY(512) NOT NULL, aggregate_id VARBINARY(512) NOT NULL,
  version INT UNSIGNED NOT NULL, \`timestamp\` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), event_id VARBINARY(255) NOT NULL,
  meta JSON NULL, payload JSON NOT NULL, PRIMARY KEY (position), UNIQUE KEY raw_version_key (stream, aggregate_id, version),
  UNIQUE KEY raw_event_id_key (event_id), KEY raw_stream_log (stream, position)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`

/** Raw mysql2: prepared (execute) single-row INSERT in autocommit, multi-row INSERT per batch, paged SELECT, SELECT + fold. */
export function rawMysql(store) {
  let pool
  const decode = (payload) => (typeof payload === 'string' ? JSON.parse(payload) : payload)
  return {
    label: 'raw mysql2',
    missing: {
      command: 'no commands: compared with its single INSERT',
      follow: 'no handler in a raw driver',
    },
    async open() {
      pool = mysql.createPool({ uri: store.url, connectionLimit: 16 })
      await pool.query(DDL)
    },
    async append(id, version, events) {
      const rows = rawRows(STREAM, id, version, events)
      await pool.execute(
        `INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ${valuesList(rows.length, () => '?')}`,
        rows.flat(),
      )
    },
    async load(id) {
      const [rows] = await pool.execute(
        'SELECT version, payload FROM raw_events WHERE stream = ? AND aggregate_id = ? ORDER BY version',
        [STREAM, id],
      )
      return foldRows(rows, (row) => decode(row.payload))
    },
    async catchUp(batchSize, progress) {
      let after = '0'
      let seen = 0
      for (;;) {
        const [rows] = await pool.execute(
          'SELECT CAST(position AS CHAR) AS position, stream, aggregate_id, version, event_id, payload, meta, `timestamp` FROM raw_events WHERE stream = ? AND position > ? ORDER BY raw_events.position LIMIT ?',
          [STREAM, after, String(batchSize)],
        )
        if (rows.length === 0) return seen
        for (const row of rows) if (decode(row.payload).type === 'deposited') seen++
        after = rows[rows.length - 1].position
        progress?.(seen)
      }
    },
    async close() {
      await pool?.end()
    },
  }
}
