import type { AppendRequest } from '@evtstore/core'
import { toQuestionMarks } from '@evtstore/core/postgres'
import type { OpenPgTarget, PgQuery } from '@evtstore/postgres-test-kit'
import knexFactory, { type Knex } from 'knex'
import { openStore } from '../../src/create-provider.js'
import { knexConnection } from '../../src/knex-like.js'
import { createProvider, migrate } from '../../src/index.js'
import { openTestStore } from './test-stores.js'

/** Raw SQL with `$1` placeholders through `knex.raw` (which wants `?`), resolving to the rows. */
function rawQuery(knex: Knex | Knex.Transaction): PgQuery {
  return async (text, values = []) => {
    const statement = toQuestionMarks({ text, values })
    const result = (await knex.raw(statement.text, [...statement.values] as Knex.RawBinding[])) as {
      rows: any[]
    }
    return result.rows
  }
}

/**
 * The shared Postgres ordering scenarios' view of knex + pg on a fresh test database. A
 * session is a knex instance with one connection; between `begin()` and `commit()` its
 * provider appends through the dialect's own provider on that knex transaction.
 */
export async function openKnexPgTarget(): Promise<OpenPgTarget> {
  const store = await openTestStore('postgres')
  const bookmarks = (events: string) => `${events}_bookmarks`
  const sessions: Knex[] = []
  return {
    close: async () => {
      for (const knex of sessions) await knex.destroy()
      await store.close()
    },
    target: {
      label: 'provider-knex (postgres)',
      migrate: (events) => migrate({ client: store.db, events, bookmarks: bookmarks(events) }),
      provider: (events) => createProvider({ client: store.db, events, bookmarks: bookmarks(events) }),
      query: rawQuery(store.db),
      async session(events) {
        if (store.url === undefined) throw new Error('the Postgres test store has no URL')
        const knex = knexFactory({ client: 'pg', connection: store.url, pool: { min: 0, max: 1 } })
        sessions.push(knex)
        const tables = { client: knex, events, bookmarks: bookmarks(events) }
        const dialect = await openStore(tables).dialect()
        const pooled = createProvider(tables)
        let trx: Knex.Transaction | undefined
        const appendInTransaction = (open: Knex.Transaction, request: AppendRequest) =>
          dialect.provider(knexConnection(open, dialect.runOn), 1000).append(request)
        const end = async (how: 'commit' | 'rollback') => {
          const open = trx
          trx = undefined
          if (open !== undefined) await open[how]()
        }
        return {
          provider: {
            ...pooled,
            append: (request) =>
              trx === undefined ? pooled.append(request) : appendInTransaction(trx, request),
          },
          query: (text, values) => rawQuery(trx ?? knex)(text, values),
          begin: async () => {
            if (trx !== undefined) throw new Error('a transaction is already open on this session')
            trx = await knex.transaction()
          },
          commit: () => end('commit'),
          rollback: () => end('rollback'),
          close: async () => {
            await end('rollback')
            await knex.destroy()
          },
        }
      },
    },
  }
}
