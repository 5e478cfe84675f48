import type { AppendRequest, Provider, ProviderCapabilities } from '@evtstore/core'
import type { SqlRun } from '@evtstore/core/toolkit'
import type { KnexConnection, KnexLike } from './knex-like.js'

/** The databases the provider speaks to through Knex. */
export type DialectName = 'sqlite' | 'mysql' | 'postgres'

/**
 * One database's part of the Knex provider, for one store (its tables already
 * validated): how `knex.raw` becomes the toolkit's `SqlRun`, the migration, and the
 * provider itself — `createPgProvider` on Postgres, `defineProvider` over the dialect's
 * own statements on SQLite and MySQL.
 */
export interface Dialect {
  readonly name: DialectName
  /** What the database holds (name byte limits, U+0000), enforced before any I/O. */
  readonly capabilities?: ProviderCapabilities
  /** Adapts `knex.raw` on a connection or transaction to one statement in, rows out. */
  runOn(knex: KnexLike): SqlRun
  /** Creates what the store needs; safe to run again. Throws the driver's error. */
  migrate(run: SqlRun): Promise<void>
  /**
   * Whether the dialect's provider can push appends to running handlers
   * (`subscribeAppends`, capability `push`): Postgres, through LISTEN/NOTIFY.
   */
  readonly push?: boolean
  /** The provider on `connection`, reads capped at `limit`; with `knex` (the instance `connection` was made from), a Postgres provider can push. */
  provider(connection: KnexConnection, limit: number, knex?: KnexLike): Provider
  /** Translates a driver error thrown by an append into the evtstore error to throw. */
  appendError(err: unknown, request: AppendRequest): Error
}

/** `?, ?, ?` for `count` placeholders. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ')
}
