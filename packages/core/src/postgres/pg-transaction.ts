import type { SqlRun } from '../toolkit/sql-statement.js'

/**
 * One open transaction of a Postgres driver, as a driver package hands it to
 * `createPgProvider` (`PgProviderParts.transaction`): statements through `run` go into the
 * transaction, `tx` is the driver's own object given to a transactional handler.
 */
export interface PgTransactionConnection<Tx> {
  /** Sends one statement inside the transaction. */
  run: SqlRun
  /** The driver's transaction object (a pg `PoolClient`, a postgres.js transaction `sql`, a `Knex.Transaction`). */
  tx: Tx
  /** Runs `work` in a savepoint of the transaction (see `HandlerTransaction.savepoint`). */
  savepoint<T>(work: (tx: Tx) => Promise<T>): Promise<T>
}

/**
 * Opens a transaction on a connection of the driver's, awaits `work` with it, commits
 * when it resolves and rolls back when it rejects (passing the rejection on unchanged).
 */
export type PgTransact<Tx> = <T>(work: (connection: PgTransactionConnection<Tx>) => Promise<T>) => Promise<T>

/** The savepoint core's transactional handlers use, one at a time per transaction. */
const SAVEPOINT = 'evtstore_event'

/**
 * Runs `work` in a savepoint through `run` (for a driver without a savepoint call of its
 * own, such as node-postgres): `SAVEPOINT`, then `RELEASE SAVEPOINT` when it resolves or
 * `ROLLBACK TO SAVEPOINT` when it rejects, so the transaction stays usable after a failed
 * statement; the rejection is passed on unchanged.
 *
 * @example
 * ```ts
 * await pgSavepoint(run, () => client.query('INSERT INTO seen (id) VALUES ($1)', ['e-1']))
 * ```
 */
export async function pgSavepoint<T>(run: SqlRun, work: () => Promise<T>): Promise<T> {
  await run({ text: `SAVEPOINT ${SAVEPOINT}`, values: [] })
  let result: T
  try {
    result = await work()
  } catch (err) {
    await run({ text: `ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, values: [] })
    throw err
  }
  await run({ text: `RELEASE SAVEPOINT ${SAVEPOINT}`, values: [] })
  return result
}
