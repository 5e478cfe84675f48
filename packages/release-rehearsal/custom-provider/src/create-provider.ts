import type { Provider } from '@evtstore/core'
import { defineProvider } from '@evtstore/core/toolkit'
import { append } from './append.js'
import { parseOptions, type JsonlOptions } from './options.js'
import { getBookmark, readAggregate, readLog, setBookmark } from './reads.js'

/**
 * An evtstore provider over two JSON-lines files, for one process at a time.
 *
 * @example
 * ```ts
 * await migrate({ directory: './data' })
 * const { domain } = createDomain({ provider: createProvider({ directory: './data' }) }, { account })
 * ```
 */
export function createProvider(options: JsonlOptions): Provider {
  const { eventsFile, bookmarksFile, limit } = parseOptions(options)
  return defineProvider({
    name: 'jsonl',
    limit,
    append: async (request) => append(eventsFile, request),
    readAggregate: async (request) => readAggregate(eventsFile, request),
    readLog: async (request) => readLog(eventsFile, request),
    getBookmark: async (name) => getBookmark(bookmarksFile, name),
    setBookmark: async (name, position) => setBookmark(bookmarksFile, name, position),
    // Positions count from 1; 2^63 - 1 is as far as the suite asks any store to go.
    acceptsPosition: (position) => position.length < 19 || (position.length === 19 && position <= '9223372036854775807'),
  })
}
