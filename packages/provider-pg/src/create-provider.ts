import { START_POSITION, type Position, type Provider, type StoredEvent } from '@evtstore/core'
import {
  pgAppendError,
  pgAppendResult,
  pgAppendStatement,
  pgGetBookmarkStatement,
  pgProviderError,
  pgReadAggregateStatement,
  pgReadLogStatement,
  pgRowToEvent,
  pgSetBookmarkStatement,
  pgStatementName,
  type PgAppendRow,
  type PgEventRow,
  type PgStatement,
} from '@evtstore/core/toolkit'
import { parseOptions, type PgProviderOptions, type PgQueryConfig } from './options.js'

const NAME = 'pg'

/**
 * An evtstore provider on PostgreSQL (13 or later) through node-postgres. Each append is
 * one statement (one round trip, atomic, version-checked); `readLog` only returns events
 * whose transactions are older than every transaction still running, so handlers never
 * skip an event that commits late. Run {@link migrate} once before use.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { createDomain } from '@evtstore/core'
 * import { createProvider, migrate } from '@evtstore/provider-pg'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * await migrate({ client: pool })
 * const provider = createProvider({ client: pool, limit: 1000, events: 'events', bookmarks: 'bookmarks' })
 * const { domain, createHandler } = createDomain({ provider }, { account })
 * ```
 */
export function createProvider(options: PgProviderOptions): Provider {
  const { client, limit, prepare, tables } = parseOptions(options, true)

  function config(statement: PgStatement): PgQueryConfig {
    const values = [...statement.values]
    return prepare
      ? { name: pgStatementName(statement.text), text: statement.text, values }
      : { text: statement.text, values }
  }

  async function run<Row>(operation: string, statement: PgStatement): Promise<Row[]> {
    try {
      const connection = await client
      const result = await connection.query(config(statement))
      return result.rows as Row[]
    } catch (err) {
      throw pgProviderError(NAME, operation, err)
    }
  }

  return {
    name: NAME,

    async append(request): Promise<StoredEvent[]> {
      const statement = pgAppendStatement(tables, request)
      let rows: PgAppendRow[]
      try {
        const connection = await client
        rows = (await connection.query(config(statement))).rows as PgAppendRow[]
      } catch (err) {
        throw pgAppendError(NAME, tables, request, err)
      }
      return pgAppendResult(NAME, request, rows)
    },

    async readAggregate(request): Promise<StoredEvent[]> {
      const page = { ...request, limit: Math.min(request.limit, limit) }
      const rows = await run<PgEventRow>('readAggregate', pgReadAggregateStatement(tables, page))
      return rows.map(pgRowToEvent)
    },

    async readLog(request): Promise<StoredEvent[]> {
      const page = { ...request, limit: Math.min(request.limit, limit) }
      const rows = await run<PgEventRow>('readLog', pgReadLogStatement(tables, page))
      return rows.map(pgRowToEvent)
    },

    async getBookmark(name): Promise<Position> {
      const rows = await run<{ position: string }>('getBookmark', pgGetBookmarkStatement(tables, name))
      return rows[0]?.position ?? START_POSITION
    },

    async setBookmark(name, position): Promise<void> {
      await run('setBookmark', pgSetBookmarkStatement(tables, name, position))
    },
  }
}
