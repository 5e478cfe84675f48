import type { Position, StoredEvent } from '@evtstore/core'
import type { AppendRequest, ReadAggregateRequest, ReadLogRequest } from '@evtstore/core'
import type { ByteLimits } from './byte-limits.js'
import type { SqlRunner } from './knex-like.js'

/** The databases the provider speaks to through Knex. */
export type DialectName = 'sqlite' | 'mysql' | 'postgres'

/**
 * The SQL of one database for one store (its tables already validated). The provider
 * runs `append` inside a Knex transaction it opens, and everything else on the pool.
 */
export interface Dialect {
  readonly name: DialectName
  /** Byte lengths the columns hold, when values longer would be cut instead of refused. */
  readonly byteLimits?: ByteLimits
  /** Creates what the store needs; safe to run again. Throws the driver's error. */
  migrate(run: SqlRunner): Promise<void>
  /** Stores the events; `run` is inside a transaction that commits when this resolves. */
  append(run: SqlRunner, request: AppendRequest): Promise<StoredEvent[]>
  /**
   * Runs `attempt` (one append transaction) and decides whether to run it again after a
   * failure (Postgres: serialization failures and deadlocks); `run` is on the pool.
   * Without it, the append is attempted once.
   */
  retryAppend?(
    attempt: () => Promise<StoredEvent[]>,
    run: SqlRunner,
    request: AppendRequest,
  ): Promise<StoredEvent[]>
  /** Translates an error thrown by `append` (or its commit) into the evtstore error to throw. */
  appendError(err: unknown, request: AppendRequest): Error
  /** Which of `ids` are stored already (to name them in a `DuplicateEventError`). */
  storedEventIds(run: SqlRunner, ids: readonly string[]): Promise<string[]>
  readAggregate(run: SqlRunner, request: ReadAggregateRequest): Promise<StoredEvent[]>
  readLog(run: SqlRunner, request: ReadLogRequest): Promise<StoredEvent[]>
  getBookmark(run: SqlRunner, name: string): Promise<Position>
  setBookmark(run: SqlRunner, name: string, position: Position): Promise<void>
}

/** `?, ?, ?` for `count` placeholders. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ')
}
