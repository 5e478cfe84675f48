// Raw better-sqlite3 on an equivalent table in its own file (the same columns, unique
// indexes and log index as ours), with the driver's default settings, as knex uses it.
import Database from 'better-sqlite3'
import { STREAM } from '../model.mjs'
import { foldRows, rawRows, valuesList } from './raw-sql.mjs'

const DDL = [
  `CREATE TABLE IF NOT EXISTS raw_events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,
    aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, "timestamp" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event_id TEXT NOT NULL, meta TEXT, payload TEXT NOT NULL)`,
  'CREATE UNIQUE INDEX IF NOT EXISTS raw_version_key ON raw_events (stream, aggregate_id, version)',
  'CREATE UNIQUE INDEX IF NOT EXISTS raw_event_id_key ON raw_events (event_id)',
  'CREATE INDEX IF NOT EXISTS raw_stream_log ON raw_events (stream, position)',
]

/** Raw better-sqlite3: prepared single-row INSERT (autocommit), multi-row INSERT per batch, paged SELECT, SELECT + fold. */
export function rawSqlite(store) {
  let db
  const inserts = new Map()
  let page
  let aggregate
  return {
    label: 'raw better-sqlite3',
    missing: {
      command: 'no commands: compared with its single INSERT',
      follow: 'no handler in a raw driver',
    },
    async open() {
      db = new Database(store.file)
      for (const statement of DDL) db.exec(statement)
      page = db.prepare(
        'SELECT position, stream, aggregate_id, version, event_id, payload, meta, "timestamp" FROM raw_events WHERE stream = ? AND position > ? ORDER BY position LIMIT ?',
      )
      aggregate = db.prepare(
        'SELECT version, payload FROM raw_events WHERE stream = ? AND aggregate_id = ? ORDER BY version',
      )
    },
    async append(id, version, events) {
      const rows = rawRows(STREAM, id, version, events)
      let insert = inserts.get(rows.length)
      if (!insert) {
        insert = db.prepare(
          `INSERT INTO raw_events (stream, aggregate_id, version, event_id, payload) VALUES ${valuesList(rows.length, () => '?')}`,
        )
        inserts.set(rows.length, insert)
      }
      insert.run(rows.flat())
    },
    async load(id) {
      return foldRows(aggregate.all(STREAM, id), (row) => JSON.parse(row.payload))
    },
    async catchUp(batchSize, progress) {
      let after = 0
      let seen = 0
      for (;;) {
        const rows = page.all(STREAM, after, batchSize)
        if (rows.length === 0) return seen
        for (const row of rows) if (JSON.parse(row.payload).type === 'deposited') seen++
        after = rows[rows.length - 1].position
        progress?.(seen)
        await new Promise(setImmediate) // a page per turn of the event loop, as an async reader would
      }
    },
    async close() {
      db?.close()
    },
  }
}
