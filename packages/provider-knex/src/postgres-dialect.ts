import { isEvtStoreError, isProviderError } from '@evtstore/core'
import { knexProviderError } from './driver-message.js'
import {
  pgAppendError,
  pgMigrateScript,
  pgAppendWithRetry,
  pgOperations,
  toQuestionMarks,
  type PgRun,
  type PgStatement,
  type PgTables,
} from '@evtstore/core/toolkit'
import type { Dialect } from './dialect.js'
import type { SqlRunner } from './knex-like.js'

/** Sends toolkit statements through `knex.raw` (which wants `?` placeholders) and returns their rows. */
function statementsOn(run: SqlRunner): PgRun {
  return async (statement: PgStatement) => {
    const { text, values } = toQuestionMarks(statement)
    const response = (await run.query(text, values)) as { rows?: unknown }
    if (!Array.isArray(response?.rows)) throw new TypeError('expected a node-postgres result with rows')
    return response.rows as unknown[]
  }
}

/**
 * Postgres (through knex + pg). It sends the very statements `@evtstore/provider-pg`
 * sends, from `@evtstore/core/toolkit`: every row carries its writer's transaction id and
 * the log is read only below the oldest transaction still in flight, so an append that
 * commits late can never land behind a position a reader already passed.
 */
export function postgresDialect(tables: PgTables): Dialect {
  const ops = pgOperations('knex', tables)
  return {
    name: 'postgres',

    async migrate(run) {
      // One multi-statement script without bound values (simple query protocol).
      await run.query(pgMigrateScript(tables))
    },

    append: (run, request) => ops.append(statementsOn(run), request),

    retryAppend: (attempt, run, request) =>
      pgAppendWithRetry(request, attempt, () => ops.headVersion(statementsOn(run), request)),

    appendError(err, request) {
      if (isEvtStoreError(err)) return err
      const translated = pgAppendError('knex', tables, request, err)
      // Same kind as the toolkit says, with the driver's message instead of knex's SQL dump.
      return isProviderError(translated) ? knexProviderError('append', err) : translated
    },

    async storedEventIds(run, ids) {
      const list = ids.map((_id, index) => `$${index + 1}::text`).join(', ')
      const text = `SELECT event_id FROM ${tables.events.sql} WHERE event_id IN (${list})`
      const rows = (await statementsOn(run)({ text, values: ids })) as Array<{ event_id: string }>
      return rows.map((row) => row.event_id)
    },

    readAggregate: (run, request) => ops.readAggregate(statementsOn(run), request),
    readLog: (run, request) => ops.readLog(statementsOn(run), request),
    getBookmark: (run, name) => ops.getBookmark(statementsOn(run), name),
    setBookmark: (run, name, position) => ops.setBookmark(statementsOn(run), name, position),
  }
}
