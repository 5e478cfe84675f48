import type { Provider } from '@evtstore/core'
import { defineProvider } from '@evtstore/core/toolkit'
import { appendHooksOf } from './append-hooks.js'
import { createAppender } from './append-commit.js'
import { bookmarkStore } from './bookmark-store.js'
import { MAX_COMMIT_BYTES } from './commit-document.js'
import { migrationCheck } from './migration-check.js'
import { parseProviderOptions, type MongoProviderOptions } from './options.js'
import { readAggregate } from './read-aggregate.js'
import { readLog } from './read-log.js'
import { snapshotStore } from './snapshot-store.js'

/**
 * An evtstore provider on MongoDB (standalone or replica set) or FerretDB, without
 * transactions. Each append is one commit document, so it is atomic on any server;
 * its position `p` is the one after the highest commit, so commits become visible in
 * position order and handlers never skip one. Run {@link migrate} once before use.
 *
 * @example
 * ```ts
 * import { MongoClient } from 'mongodb'
 * import { createDomain } from '@evtstore/core'
 * import { createProvider, migrate } from '@evtstore/provider-mongo'
 *
 * const client = await MongoClient.connect(process.env.MONGO_URL!)
 * const events = client.db('app').collection('events')
 * const bookmarks = client.db('app').collection('bookmarks')
 * await migrate(events, bookmarks)
 * const provider = createProvider({ limit: 1000, events, bookmarks })
 * const { domain, createHandler } = createDomain({ provider }, { account })
 * ```
 */
export function createProvider(options: MongoProviderOptions): Provider {
  const { collections, limit } = parseProviderOptions(options)
  const ready = migrationCheck(collections, ['events', 'ids'])
  // the collections, once the first call found them migrated (after its input checks)
  const store = async () => {
    const c = await collections
    await ready()
    return c
  }
  const append = createAppender(store, appendHooksOf(options))
  const bookmarks = bookmarkStore(collections)
  const snapshots = snapshotStore(collections, migrationCheck(collections, ['snapshots']))
  return defineProvider({
    name: 'mongo',
    limit,
    // at most `limit` commits per read, each holding one or more events: never a short page
    fullAggregatePages: true,
    // one append is one document: MongoDB's 16 MiB limit, less room for ids and names
    // aggregate snapshots live in `<events>_snapshots`, one document per aggregate
    capabilities: { maxPayloadBytes: MAX_COMMIT_BYTES - 64 * 1024, snapshots: true },
    append,
    readAggregate: (request) => readAggregate(store, request),
    readLog: (request) => readLog(store, request),
    getBookmark: (name) => bookmarks.get(name),
    setBookmark: (name, position) => bookmarks.set(name, position),
    readSnapshot: (request) => snapshots.read(request),
    writeSnapshot: (snapshot) => snapshots.write(snapshot),
    // Commit positions are stored as numbers: exact up to 2^53 - 1.
    acceptsPosition: (position) => position.length < 16 || (position.length === 16 && position <= '9007199254740991'),
  })
}
