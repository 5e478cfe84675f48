import { compareIndexes, indexProblems, storeIndexes } from './store-indexes.js'
import type { StoreCollections } from './store-collections.js'

/**
 * A check, run before the first append or read and remembered once it passed, that
 * `migrate()` prepared the collections: MongoDB creates a collection on first write,
 * so without it an unmigrated store would quietly run without its unique indexes.
 * It rejects with an error listing what is missing or misshapen (the provider reports
 * it as a `ProviderError` with that error as cause); a failed check runs again next time.
 *
 * @example
 * ```ts
 * const ready = migrationCheck(collections)
 * await ready() // throws until migrate() has run
 * ```
 */
export function migrationCheck(collections: Promise<StoreCollections>): () => Promise<void> {
  let passed: Promise<void> | undefined
  return () => {
    passed ??= (async () => {
      const c = await collections
      const specs = storeIndexes(c.names)
      const problems = [
        ...indexProblems(c.names.events, await compareIndexes(c.events, c.names.events, specs.events)),
        ...indexProblems(c.names.ids, await compareIndexes(c.ids, c.names.ids, specs.ids)),
      ]
      if (problems.length > 0) throw new Error(`not migrated: ${problems.join('; ')} (run migrate() first)`)
    })()
    const check = passed
    check.catch(() => {
      if (passed === check) passed = undefined
    })
    return check
  }
}
