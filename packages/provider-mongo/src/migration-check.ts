import { compareIndexes, indexProblems, storeIndexes } from './store-indexes.js'
import type { StoreCollections } from './store-collections.js'

/** The collections of a store that `migrate()` gives indexes. */
export type IndexedCollection = 'events' | 'ids' | 'snapshots'

/**
 * A check, run before the first call that uses `parts` and remembered once it passed,
 * that `migrate()` prepared those collections: MongoDB creates a collection on first
 * write, so without it an unmigrated store would quietly run without its unique indexes.
 * It rejects with an error listing what is missing or misshapen (the provider reports
 * it as a `ProviderError` with that error as cause); a failed check runs again next time.
 * Appends and reads check the events and event-id collections; the snapshot calls check
 * the snapshot collection on their own, so a store migrated before snapshots existed
 * keeps working until its first snapshot call.
 *
 * @example
 * ```ts
 * const ready = migrationCheck(collections, ['events', 'ids'])
 * await ready() // throws until migrate() has run
 * ```
 */
export function migrationCheck(collections: Promise<StoreCollections>, parts: readonly IndexedCollection[]): () => Promise<void> {
  let passed: Promise<void> | undefined
  return () => {
    passed ??= (async () => {
      const c = await collections
      const specs = storeIndexes(c.names)
      const problems: string[] = []
      for (const part of parts) {
        problems.push(...indexProblems(c.names[part], await compareIndexes(c[part], c.names[part], specs[part])))
      }
      if (problems.length > 0) throw new Error(`not migrated: ${problems.join('; ')} (run migrate() first)`)
    })()
    const check = passed
    check.catch(() => {
      if (passed === check) passed = undefined
    })
    return check
  }
}
