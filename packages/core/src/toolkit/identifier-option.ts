import { ValidationError } from '../errors.js'

/** The pattern every configured name (table, collection, label) must match. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Validates a name that comes from configuration and ends up in a query (a Neo4j label,
 * a collection name, a table name without schema): a string of letters, digits and
 * underscores, not starting with a digit, of 1 to `maxLength` characters (default 63).
 * `fallback` is used when the value is `undefined`. Anything else throws a
 * `ValidationError` naming `path`, before any I/O. (Schema-qualified SQL table names:
 * `parseTableName`.)
 *
 * @example
 * ```ts
 * identifierOption(options.events, 'options.events', 'Events') // 'Events' when absent
 * identifierOption('Ev`ents', 'options.events') // throws ValidationError
 * ```
 */
export function identifierOption(value: unknown, path: string, fallback?: string, maxLength = 63): string {
  const name = value ?? fallback
  if (typeof name !== 'string' || name.length === 0 || name.length > maxLength || !IDENTIFIER_PATTERN.test(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}...` : name) : typeof name
    throw new ValidationError(
      path,
      `invalid name ${shown}: use 1 to ${maxLength} letters, digits and underscores, not starting with a digit`,
    )
  }
  return name
}
