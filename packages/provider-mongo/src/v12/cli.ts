import { runV12Cli, type V12CliArguments, type V12MigrationOptions } from '@evtstore/core/toolkit'
import type { MongoCollectionLike } from '../options.js'
import { migrateFromV12 } from './migrate-from-v12.js'

interface Client {
  connect(): Promise<Client>
  db(): { collection(name: string): MongoCollectionLike }
  close(): Promise<void>
}
interface MongoModule {
  MongoClient: new (url: string) => Client
}

async function run(args: V12CliArguments, options: V12MigrationOptions) {
  const { MongoClient } = (await import('mongodb')) as unknown as MongoModule
  const from = await new MongoClient(args.fromUrl).connect()
  const to = args.toUrl === args.fromUrl ? from : await new MongoClient(args.toUrl).connect()
  try {
    return await migrateFromV12({
      ...options,
      from: { events: from.db().collection(args.fromEvents), bookmarks: from.db().collection(args.fromBookmarks) },
      to: {
        events: to.db().collection(args.toEvents),
        bookmarks: to.db().collection(args.toBookmarks),
      },
    })
  } finally {
    await from.close()
    if (to !== from) await to.close()
  }
}

/** `evtstore-mongo migrate-from-v12 ...`: see the README. Resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runV12Cli(argv, { command: 'evtstore-mongo migrate-from-v12', run })
}
