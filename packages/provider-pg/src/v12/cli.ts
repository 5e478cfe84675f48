import { runV12Cli, type V12CliArguments, type V12MigrationOptions } from '@evtstore/core/toolkit'
import type { PgQueryable } from '../options.js'
import { migrateFromV12 } from './migrate-from-v12.js'

type Pool = PgQueryable & { end(): Promise<void> }
interface PgModule {
  Pool: new (config: { connectionString: string; max?: number }) => Pool
  default?: PgModule
}

async function run(args: V12CliArguments, options: V12MigrationOptions) {
  const loaded = (await import('pg')) as unknown as PgModule
  const { Pool } = loaded.default ?? loaded
  const from = new Pool({ connectionString: args.fromUrl, max: 2 })
  const to = args.toUrl === args.fromUrl ? from : new Pool({ connectionString: args.toUrl, max: 2 })
  try {
    return await migrateFromV12({
      ...options,
      from: { client: from, events: args.fromEvents, bookmarks: args.fromBookmarks },
      to: {
        client: to,
        events: args.toEvents,
        bookmarks: args.toBookmarks,
      },
    })
  } finally {
    await from.end()
    if (to !== from) await to.end()
  }
}

/** `evtstore-pg migrate-from-v12 ...`: see the README. Resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runV12Cli(argv, { command: 'evtstore-pg migrate-from-v12', run })
}
