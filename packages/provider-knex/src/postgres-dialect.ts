import { isEvtStoreError, isProviderError } from '@evtstore/core'
import { knexProviderError } from './driver-message.js'
import {
  pgAppendError,
  pgAppendResult,
  pgAppendStatement,
  pgGetBookmarkStatement,
  pgMigrateScript,
  pgReadAggregateStatement,
  pgReadLogStatement,
  pgRowToEvent,
  pgSetBookmarkStatement,
  toQuestionMarks,
  type PgAppendRow,
  type PgEventRow,
  type PgStatement,
  type PgTables,
} from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import type { SqlRunner } from './knex-like.js'

/** Runs one toolkit statement through `knex.raw` (which wants `?` placeholders) and returns its rows. */
async function query<T>(run: SqlRunner, statement: PgStatement): Promise<T[]> {
  const { text, values } = toQuestionMarks(statement)
  const response = (await run.query(text, values)) as { rows?: unknown }
  if (!Array.isArray(response?.rows)) throw new TypeError('expected a node-postgres result with rows')
  return response.rows as T[]
}

/**
 * Postgres (through knex + pg). It sends the very statements `@evtstore/provider-pg`
 * sends, from `@evtstore/core/toolkit`: every row carries its writer's transaction id and
 * the log is read only below the oldest transaction still in flight, so an append that
 * commits late can never land behind a position a reader already passed.
 */
export function postgresDialect(tables: PgTables): Dialect {
  return {
    name: 'postgres',

    async migrate(run) {
      // One multi-statement script without bound values (simple query protocol).
      await run.query(pgMigrateScript(tables))
    },

    async append(run, request) {
      const rows = await query<PgAppendRow>(run, pgAppendStatement(tables, request))
      return pgAppendResult('knex', request, rows)
    },

    appendError(err, request) {
      if (isEvtStoreError(err)) return err
      const translated = pgAppendError('knex', tables, request, err)
      // Same kind as the toolkit says, with the driver's message instead of knex's SQL dump.
      return isProviderError(translated) ? knexProviderError('append', err) : translated
    },

    async storedEventIds(run, ids) {
      const list = ids.map((_id, index) => `$${index + 1}::text`).join(', ')
      const text = `SELECT event_id FROM ${tables.events.sql} WHERE event_id IN (${list})`
      return (await query<{ event_id: string }>(run, { text, values: ids })).map((row) => row.event_id)
    },

    async readAggregate(run, request) {
      return (await query<PgEventRow>(run, pgReadAggregateStatement(tables, request))).map(pgRowToEvent)
    },

    async readLog(run, request) {
      return (await query<PgEventRow>(run, pgReadLogStatement(tables, request))).map(pgRowToEvent)
    },

    async getBookmark(run, name) {
      const [row] = await query<{ position: string }>(run, pgGetBookmarkStatement(tables, name))
      return row === undefined ? '0' : String(row.position)
    },

    async setBookmark(run, name, position) {
      await query(run, pgSetBookmarkStatement(tables, name, position))
    },
  }
}
