// A memory provider "stored in a named table", for the migration and table-name tests:
// the correct variant validates the name before doing anything and migrates idempotently.
import { ValidationError, type Provider } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/** A fake schema: the set of tables created so far. */
export function createSchema(options: { idempotent: boolean }) {
  const tables = new Set<string>()
  return {
    tables,
    async migrate(table = 'events'): Promise<void> {
      if (tables.has(table) && !options.idempotent) throw new Error(`relation "${table}" already exists`)
      tables.add(table)
    },
  }
}

/** A memory provider for `tableName`; with `validate`, an invalid name throws ValidationError first. */
export function createNamedMemoryProvider(tableName: string, options: { validate: boolean }): Provider {
  if (options.validate && !TABLE_NAME.test(tableName)) {
    throw new ValidationError('tableName', `invalid table name ${JSON.stringify(tableName)}`)
  }
  return createMemoryProvider()
}
