import { ValidationError } from '@evtstore/core'
import type { KnexLike } from '../knex-like.js'
import { clientInfo } from '../resolve-options.js'

/** The SQL family of a knex instance, as far as reading raw rows goes. */
export type KnexFamily = 'sqlite' | 'postgres' | 'mysql'

/** The family of `knex`'s client, or a `ValidationError` for a client evtstore@12 could not have used here. */
export function knexFamily(knex: KnexLike, path: string): KnexFamily {
  const dialect = String(clientInfo(knex).dialect)
  if (dialect === 'sqlite3' || dialect === 'better-sqlite3') return 'sqlite'
  if (dialect === 'postgresql' || dialect === 'pg') return 'postgres'
  if (dialect === 'mysql' || dialect === 'mysql2') return 'mysql'
  throw new ValidationError(path, `knex client ${dialect} is not one of SQLite, Postgres, MySQL/MariaDB`)
}

/**
 * Runs `knex.raw(text, values)` (`?` values, `??` identifiers) and returns its rows,
 * whatever shape the client's driver answers in.
 */
export async function knexRawRows<T>(knex: KnexLike, family: KnexFamily, text: string, values: unknown[]): Promise<T[]> {
  const response = (await knex.raw(text, values)) as unknown
  if (family === 'postgres') return ((response as { rows?: T[] }).rows ?? []) as T[]
  if (family === 'mysql') {
    const [rows] = response as unknown[]
    return (Array.isArray(rows) ? rows : []) as T[]
  }
  return (Array.isArray(response) ? response : []) as T[]
}
