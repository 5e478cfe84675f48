// Type-checked in a throwaway project against the packed tarballs' declarations, with no
// driver and no @types package installed. The packaging check copies it to
// `providers-esm.mts` and `providers-cjs.cts` and compiles each with `--module node16`.
// Nothing here runs: the clients are declared, never built. Each `@ts-expect-error` fails
// the compile if the option types degrade to `any`.
import { ValidationError, isValidationError, type Provider } from '@evtstore/core'
import { parseTableName, type TableName } from '@evtstore/core/toolkit'
import { createProvider as createPgProvider, migrate as migratePg } from '@evtstore/provider-pg'
import type { PgProviderOptions, PgQueryable } from '@evtstore/provider-pg'
import {
  createProvider as createPostgresProvider,
  migrate as migratePostgres,
} from '@evtstore/provider-postgres'
import type { PostgresProviderOptions, PostgresSql } from '@evtstore/provider-postgres'
import { createProvider as createKnexProvider, migrate as migrateKnex } from '@evtstore/provider-knex'
import type { KnexLike, KnexProvider, KnexProviderOptions } from '@evtstore/provider-knex'

/** `true` only when T is `any`. */
type IsAny<T> = 0 extends 1 & T ? true : false
type Params<F> = F extends (options: infer O) => unknown ? O : never

declare const pool: PgQueryable
declare const sql: PostgresSql
declare const db: KnexLike

// Each element is `false` unless that type is `any`, then `false` no longer fits.
export const notAny: [
  IsAny<Params<typeof createPgProvider>>,
  IsAny<Params<typeof createPostgresProvider>>,
  IsAny<Params<typeof createKnexProvider>>,
  IsAny<ReturnType<typeof createPgProvider>>,
  IsAny<ReturnType<typeof createKnexProvider>>,
  IsAny<TableName>,
] = [false, false, false, false, false, false]

const pgOptions: PgProviderOptions = { client: pool, events: 'app.events', limit: 500, prepare: false }
export const pgProvider: Provider = createPgProvider(pgOptions)
export const pgMigrated: Promise<void> = migratePg({ client: Promise.resolve(pool), bookmarks: 'bookmarks' })
// @ts-expect-error limit is a number
createPgProvider({ client: pool, limit: '500' })
// @ts-expect-error the pg provider takes `client`, not `sql`
createPgProvider({ sql })

const postgresOptions: PostgresProviderOptions = { sql, events: 'events', limit: 100 }
export const postgresProvider: Provider = createPostgresProvider(postgresOptions)
export const postgresMigrated: Promise<void> = migratePostgres({ sql })
// @ts-expect-error the postgres.js provider takes `sql`, not `client`
createPostgresProvider({ client: pool })

const knexOptions: KnexProviderOptions = { client: db, events: 'events', bookmarks: 'app.bookmarks' }
export const knexProvider: KnexProvider = createKnexProvider(knexOptions)
export const knexDialect: Promise<'sqlite' | 'mysql' | 'postgres'> = knexProvider.dialect()
export const knexMigrated: Promise<void> = migrateKnex({
  client: db,
  events: 'events',
  bookmarks: 'bookmarks',
})
// @ts-expect-error bookmarks is required
createKnexProvider({ client: db, events: 'events' })
// @ts-expect-error a table is a name or a function returning a query builder, not a number
createKnexProvider({ client: db, events: 1, bookmarks: 'bookmarks' })

export function tableOf(raw: string): string {
  try {
    const table: TableName = parseTableName(raw, 'table')
    return table.sql
  } catch (err) {
    if (err instanceof ValidationError && isValidationError(err)) return err.path
    throw err
  }
}
