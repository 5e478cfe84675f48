/**
 * One SQL statement with its bound values, ready for a driver: `text` uses numbered
 * placeholders (`$1`, `$2`, ...) unless converted with {@link toQuestionMarks}. No value is
 * ever part of `text`; identifiers in it were validated by `parseTableName`.
 */
export interface PgStatement {
  readonly text: string
  readonly values: readonly unknown[]
}

/**
 * Converts a statement with numbered placeholders (`$1`, possibly repeated) into one with
 * positional `?` placeholders (as `knex.raw` expects), repeating values as needed.
 *
 * @example
 * ```ts
 * toQuestionMarks({ text: 'select $1, $2, $1', values: ['a', 'b'] })
 * // { text: 'select ?, ?, ?', values: ['a', 'b', 'a'] }
 * ```
 */
export function toQuestionMarks(statement: PgStatement): PgStatement {
  const values: unknown[] = []
  const text = statement.text.replace(/\$(\d+)/g, (_match, digits: string) => {
    values.push(statement.values[Number(digits) - 1])
    return '?'
  })
  return { text, values }
}
