import { derivedName, parseTableName, type TableName } from './table-name.js'

/**
 * The table (or collection) of a store's handler leases: named after its bookmarks table
 * with `_leases` appended, in the same schema, so a store needs no extra option.
 *
 * @example
 * ```ts
 * leaseTableOf(parseTableName('app.bookmarks', 'bookmarks')).sql // '"app"."bookmarks_leases"'
 * ```
 */
export function leaseTableOf(bookmarks: TableName): TableName {
  const name = derivedName(bookmarks, 'leases')
  return parseTableName(bookmarks.schema === undefined ? name : `${bookmarks.schema}.${name}`, 'bookmarks')
}
