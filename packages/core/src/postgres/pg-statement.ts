import type { SqlStatement } from '../toolkit/sql-statement.js'

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
export function toQuestionMarks(statement: SqlStatement): SqlStatement {
  const values: unknown[] = []
  const text = statement.text.replace(/\$(\d+)/g, (_match, digits: string) => {
    values.push(statement.values[Number(digits) - 1])
    return '?'
  })
  return { text, values }
}

/**
 * A stable name for a prepared statement, derived from its text (FNV-1a, 64 bit as two
 * 32-bit halves): drivers that cache prepared statements by name (node-postgres) parse
 * and plan each distinct statement once per connection. Names are remembered by text.
 *
 * @example
 * ```ts
 * await pool.query({ name: pgStatementName(text), text, values })
 * ```
 */
export function pgStatementName(text: string): string {
  const known = knownNames.get(text)
  if (known !== undefined) return known
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193) >>> 0
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0
  }
  const name = `evtstore_${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`
  // A provider sends a few dozen distinct texts; the bound only guards against a caller that makes endless ones.
  if (knownNames.size >= KNOWN_NAMES_LIMIT) knownNames.clear()
  knownNames.set(text, name)
  return name
}

/** Names already derived, by statement text: a lookup costs less than hashing the text again. */
const knownNames = new Map<string, string>()
const KNOWN_NAMES_LIMIT = 1024
