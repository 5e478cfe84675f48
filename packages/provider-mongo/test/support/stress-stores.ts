import type { Provider } from '@evtstore/core'
import type { Db } from 'mongodb'
import { withAppendHooks, type AppendHooks } from '../../src/append-hooks.js'
import { createProvider, migrate, type MongoProviderOptions } from '../../src/index.js'

/** Counts shared by every writer of a round. */
export type AppendStats = NonNullable<AppendHooks['stats']>

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The collections of one round, opened on a given client's database. */
export function roundCollections(db: Db, prefix: string): MongoProviderOptions {
  return { events: db.collection(`${prefix}_events`), bookmarks: db.collection(`${prefix}_bookmarks`) }
}

/**
 * Migrated collections for one stress round and `writers` providers on them, each its
 * own instance (its own in-process turn-taking and remembered position, as separate
 * processes would have) over the given databases in turn, all counting into `stats`.
 */
export async function stressWriters(dbs: readonly Db[], prefix: string, writers: number, stats: AppendStats): Promise<Provider[]> {
  const first = roundCollections(dbs[0]!, prefix)
  await migrate(first.events, first.bookmarks)
  return Array.from({ length: writers }, (_x, i) =>
    createProvider(withAppendHooks(roundCollections(dbs[i % dbs.length]!, prefix), { stats })),
  )
}

/**
 * The control store: the same provider, except that each insert attempt takes its
 * position from a counter drawn before the insert (what an atomic `$inc` hands out),
 * then stores a moment later, as any real write path does. A writer can then store
 * below a position a reader has already passed, and the reader never sees it. (The
 * counter is kept in this process: FerretDB's concurrent `$inc` also loses updates and
 * hands out overlapping positions, which core's guard would report instead.)
 */
export async function counterControlWriters(dbs: readonly Db[], prefix: string, writers: number): Promise<Provider[]> {
  const first = roundCollections(dbs[0]!, prefix)
  await migrate(first.events, first.bookmarks)
  let counter = 0
  const hooks: AppendHooks = {
    takePosition: async (events) => {
      const position = counter + 1
      counter += events
      return position
    },
    beforeInsert: () => sleep(Math.random() * 5),
  }
  return Array.from({ length: writers }, (_x, i) => createProvider(withAppendHooks(roundCollections(dbs[i % dbs.length]!, prefix), hooks)))
}
