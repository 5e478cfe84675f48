import { ProviderError } from '@evtstore/core'

/**
 * The driver's own message of a failed query. Knex rewrites `err.message` to
 * `<the SQL, with the bound values written in> - <driver message>` (unless the knex config
 * says `compileSqlOnError: false`); evtstore's messages leave the SQL and the values out.
 * mysql2 keeps the original as `sqlMessage`; otherwise the text after the last ` - ` is it.
 *
 * @example
 * ```ts
 * driverMessage(Object.assign(new Error('select 1 - relation "x" does not exist'))) // 'relation "x" does not exist'
 * ```
 */
export function driverMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err)
  const { sqlMessage, message } = err as { sqlMessage?: unknown; message?: unknown }
  if (typeof sqlMessage === 'string') return sqlMessage
  const text = String(message)
  const cut = text.lastIndexOf(' - ')
  return cut === -1 ? text : text.slice(cut + 3)
}

/**
 * A `ProviderError` for a failed knex operation, with the driver's message (and its
 * SQLSTATE or error code, when it has one) and the driver error as `cause`.
 *
 * @example
 * ```ts
 * throw knexProviderError('readLog', err)
 * ```
 */
export function knexProviderError(operation: string, err: unknown): ProviderError {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  const suffix = typeof code === 'string' ? ` (${code})` : ''
  return new ProviderError(
    { provider: 'knex', operation, message: driverMessage(err) + suffix },
    { cause: err },
  )
}
