import { retryWithBackoff } from '@evtstore/core/toolkit'
import type { Neo4jDriver, Neo4jSessionConfig, Neo4jTransaction } from './neo4j-driver.js'
import { isRetryableNeo4jError } from './neo4j-errors.js'

/** How often a transaction that failed with a transient error is run, at most. */
export const TRANSACTION_ATTEMPTS = 20

/**
 * The pauses between those runs: exponential from 10 ms up to 1 s, with full jitter (about
 * 7 s in all on average when every run fails; the driver's own retries go on for 30 s).
 * Generous on purpose: a schema change anywhere in the database (another store's
 * migrate()) fails the commit of every transaction that started before it with
 * `Neo.TransientError.Transaction.ConstraintsChanged`, and a migration makes several
 * changes in a row, each slower on a busy server.
 */
export const TRANSACTION_BACKOFF = { initialDelayMs: 10, maxDelayMs: 1000 } as const

/** Where to run a transaction: the driver, read or write, and the database (4.4+). */
export interface TransactionTarget {
  client: Promise<Neo4jDriver>
  database: string | undefined
}

/**
 * The commit of a transaction failed: whether it was committed is unknown (e.g. the
 * connection dropped after the commit was sent). The driver's error is the `cause`.
 */
export class CommitOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super(
      `the commit failed, its outcome is unknown: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    )
    this.name = 'CommitOutcomeUnknownError'
  }
}

/**
 * Runs `work` in one explicit transaction on a new session and commits it; on any
 * failure the transaction is rolled back. A failing commit is thrown as
 * {@link CommitOutcomeUnknownError}. The session is always closed.
 *
 * @example
 * ```ts
 * const rows = await inTransaction(target, 'READ', async (tx) => (await tx.run('RETURN 1 AS one')).records)
 * ```
 */
export async function inTransaction<T>(
  target: TransactionTarget,
  mode: Neo4jSessionConfig['defaultAccessMode'],
  work: (tx: Neo4jTransaction) => Promise<T>,
): Promise<T> {
  const driver = await target.client
  const config: Neo4jSessionConfig =
    target.database === undefined
      ? { defaultAccessMode: mode }
      : { defaultAccessMode: mode, database: target.database }
  const session = driver.session(config)
  try {
    const tx = session.beginTransaction()
    let result: T
    try {
      result = await work(tx)
    } catch (err) {
      await Promise.resolve()
        .then(() => tx.rollback())
        .catch(() => undefined) // a failed statement has already ended the transaction on the server
      throw err
    }
    try {
      await tx.commit()
    } catch (err) {
      throw new CommitOutcomeUnknownError(err)
    }
    return result
  } finally {
    await Promise.resolve()
      .then(() => session.close())
      .catch(() => undefined)
  }
}

/**
 * {@link inTransaction}, run again after transient failures (deadlocks, lost connections,
 * leader switches) with backoff, at most {@link TRANSACTION_ATTEMPTS} times. Only for work
 * that may safely run twice: reads, and writes whose repetition changes nothing (bookmarks).
 *
 * @example
 * ```ts
 * await retriedTransaction(target, 'WRITE', (tx) => tx.run(query, params))
 * ```
 */
export function retriedTransaction<T>(
  target: TransactionTarget,
  mode: Neo4jSessionConfig['defaultAccessMode'],
  work: (tx: Neo4jTransaction) => Promise<T>,
): Promise<T> {
  return retryWithBackoff(() => inTransaction(target, mode, work), {
    attempts: TRANSACTION_ATTEMPTS,
    retryable: (err) => isRetryableNeo4jError(err instanceof CommitOutcomeUnknownError ? err.cause : err),
    ...TRANSACTION_BACKOFF,
  })
}
