import { ProviderError, isPosition, type Position } from '@evtstore/core'
import { retryWithBackoff } from '@evtstore/core/toolkit'
import { CONCERNS } from './concerns.js'
import { isDuplicateKey } from './duplicate-key.js'
import type { StoreCollections } from './store-collections.js'
import { assertWellFormed } from './well-formed.js'

/** A bookmark document: the handler's name and its position as a decimal string. */
export interface BookmarkDocument {
  _id: string
  p: string
}

/**
 * Bookmarks in their own collection, one document per name. `set` is an upsert; two
 * first writes of one name can both try to insert (FerretDB's upsert reads, then
 * writes), and the loser retries as an update.
 *
 * @example
 * ```ts
 * const bookmarks = bookmarkStore(collections)
 * await bookmarks.set('balances', '42')
 * await bookmarks.get('balances') // '42'
 * ```
 */
export function bookmarkStore(collections: Promise<StoreCollections>) {
  return {
    async get(name: string): Promise<Position> {
      assertWellFormed(name, 'name')
      const { bookmarks } = await collections
      const doc: BookmarkDocument | null = await bookmarks.findOne({ _id: name }, CONCERNS.read)
      if (doc === null || doc === undefined) return '0'
      if (!isPosition(doc.p)) {
        throw new ProviderError({ provider: 'mongo', operation: 'getBookmark', message: `stored bookmark ${name} is not a position: ${String(doc.p)}` })
      }
      return doc.p
    },
    async set(name: string, position: Position): Promise<void> {
      assertWellFormed(name, 'name')
      const { bookmarks } = await collections
      await retryWithBackoff(
        () => bookmarks.updateOne({ _id: name }, { $set: { p: position } }, { upsert: true, ...CONCERNS.write }),
        { attempts: 5, retryable: isDuplicateKey },
      )
    },
  }
}
