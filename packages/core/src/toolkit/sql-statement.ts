/**
 * One SQL statement with its bound values: the single statement shape of every SQL
 * provider. `text` uses the placeholders of its dialect (`$1` for Postgres, `?` for
 * SQLite and MySQL); no value is ever part of `text`, and identifiers in it were
 * validated (`parseTableName`, `identifierOption`).
 */
export interface SqlStatement {
  /** The SQL, with the driver's placeholders. */
  readonly text: string
  /** The parameters, in placeholder order. */
  readonly values: readonly unknown[]
}

/**
 * Sends one statement through a driver (a pool, a dedicated connection, a transaction)
 * and resolves to the rows it returned; driver errors are thrown as they are. Every SQL
 * provider adapts its driver to this one shape and builds everything else on it.
 *
 * @example
 * ```ts
 * const run: SqlRun = async ({ text, values }) => (await pool.query({ text, values: [...values] })).rows
 * ```
 */
export type SqlRun = (statement: SqlStatement) => Promise<readonly unknown[]>
