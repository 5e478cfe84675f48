// A memory provider "stored in a named table", for the migration and table-name tests:
// the correct variant validates the name before doing anything and migrates idempotently;
// a table the schema does not hold fails every call as a driver would ("does not exist").
import { ValidationError, VersionConflictError, type Provider } from '@evtstore/core'
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

export interface NamedMemoryOptions {
  /** Refuse an invalid name with ValidationError before anything else. */
  validate: boolean
  /** The tables that exist; a provider on any other name fails every call. */
  tables: ReadonlySet<string>
  /** Broken: report every failure as a VersionConflictError (docs/architecture.md, "The provider contract": tell errors apart). */
  failuresAsConflicts?: boolean
}

/** A memory provider for `tableName`, failing like a driver when the table does not exist. */
export function createNamedMemoryProvider(tableName: string, options: NamedMemoryOptions): Provider {
  if (options.validate && !TABLE_NAME.test(tableName)) {
    throw new ValidationError('tableName', `invalid table name ${JSON.stringify(tableName)}`)
  }
  const inner = createMemoryProvider()
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      if (!options.tables.has(tableName)) throw new Error(`relation "${tableName}" does not exist`)
      return await run()
    } catch (err) {
      if (!options.failuresAsConflicts) throw err
      throw new VersionConflictError({ stream: '?', aggregateId: '?', expectedVersion: 0 }, { cause: err })
    }
  }
  return {
    name: `memory-table-${tableName}`,
    capabilities: { persistent: false },
    append: (request) => call(() => inner.append(request)),
    readAggregate: (request) => call(() => inner.readAggregate(request)),
    readLog: (request) => call(() => inner.readLog(request)),
    getBookmark: (name) => call(() => inner.getBookmark(name)),
    setBookmark: (name, position) => call(() => inner.setBookmark(name, position)),
    acceptsPosition: (position: string) => inner.acceptsPosition?.(position) ?? true,
  }
}
