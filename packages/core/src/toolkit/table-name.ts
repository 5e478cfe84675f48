import { ValidationError } from '../errors.js'

/** Longest identifier Postgres keeps (NAMEDATALEN - 1); MySQL allows 64, so 63 fits both. */
export const MAX_IDENTIFIER_LENGTH = 63

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A validated table name, optionally schema-qualified, with its quoted SQL form. */
export interface TableName {
  /** The schema part of `schema.table`, or `undefined` for an unqualified name. */
  readonly schema: string | undefined
  /** The table part. */
  readonly name: string
  /** The name as given (`'events'` or `'app.events'`). */
  readonly raw: string
  /** The name quoted for SQL with double quotes: `"events"` or `"app"."events"`. */
  readonly sql: string
}

function checkPart(part: string, path: string, raw: string): void {
  if (part.length === 0 || part.length > MAX_IDENTIFIER_LENGTH || !IDENTIFIER.test(part)) {
    throw new ValidationError(
      path,
      `invalid table name ${JSON.stringify(raw)}: use letters, digits and underscores (not starting with a digit), ` +
        `at most ${MAX_IDENTIFIER_LENGTH} characters, optionally as schema.table`,
    )
  }
}

/**
 * Validates a table name from configuration and returns it with its quoted SQL form.
 * Only `[A-Za-z_][A-Za-z0-9_]*` parts of at most 63 characters are accepted, optionally
 * qualified by one schema (`schema.table`). Anything else throws a `ValidationError`
 * naming `path`, so a bad name is refused before any I/O.
 *
 * @example
 * ```ts
 * parseTableName('app.events', 'options.events').sql // '"app"."events"'
 * parseTableName('events; drop table x', 'options.events') // throws ValidationError
 * ```
 */
export function parseTableName(value: unknown, path: string): TableName {
  if (typeof value !== 'string')
    throw new ValidationError(path, `table name must be a string, got ${typeof value}`)
  const parts = value.split('.')
  if (parts.length > 2) checkPart('', path, value)
  for (const part of parts) checkPart(part, path, value)
  const [first, second] = parts as [string, string | undefined]
  const schema = second === undefined ? undefined : first
  const name = second === undefined ? first : second
  const sql =
    schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
  return { schema, name, raw: value, sql }
}

/**
 * Quotes one identifier that already matches the strict pattern. Throws a
 * `ValidationError` for anything else, so it can never produce unsafe SQL.
 *
 * @example
 * ```ts
 * quoteIdentifier('events_pkey') // '"events_pkey"'
 * ```
 */
export function quoteIdentifier(identifier: string): string {
  checkPart(identifier, 'identifier', identifier)
  return `"${identifier}"`
}

// FNV-1a, 32 bit: a short deterministic tag for names that had to be shortened.
function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * Derives the name of a constraint or index from its table's name and a suffix, so two
 * stores in one schema never clash: `events` + `version_key` → `events_version_key`.
 * Names longer than 63 characters are shortened and tagged with a hash of the full name.
 * Returns the bare (unquoted) identifier; quote it with {@link quoteIdentifier}.
 *
 * @example
 * ```ts
 * derivedName(parseTableName('app.orders', 'events'), 'event_id_key') // 'orders_event_id_key'
 * ```
 */
export function derivedName(table: TableName, suffix: string): string {
  const full = `${table.name}_${suffix}`
  if (full.length <= MAX_IDENTIFIER_LENGTH) return full
  const tag = shortHash(`${table.raw}/${suffix}`)
  const room = MAX_IDENTIFIER_LENGTH - suffix.length - tag.length - 2
  return `${table.name.slice(0, Math.max(room, 1))}_${tag}_${suffix}`.slice(0, MAX_IDENTIFIER_LENGTH)
}
