import { runV12Cli, type V12CliArguments, type V12MigrationOptions } from '@evtstore/core/toolkit'
import type { PostgresSql } from '../options.js'
import { migrateFromV12 } from './migrate-from-v12.js'

type Sql = PostgresSql & { end(): Promise<void> }
type PostgresFactory = (url: string, options: object) => Sql

async function run(args: V12CliArguments, options: V12MigrationOptions) {
  const loaded = (await import('postgres')) as unknown as PostgresFactory & { default?: PostgresFactory }
  const postgres = loaded.default ?? loaded
  const from = postgres(args.fromUrl, { max: 2, onnotice: () => undefined })
  const to = args.toUrl === args.fromUrl ? from : postgres(args.toUrl, { max: 2, onnotice: () => undefined })
  try {
    return await migrateFromV12({
      ...options,
      from: { sql: from, events: args.fromEvents, bookmarks: args.fromBookmarks },
      to: {
        sql: to,
        events: args.toEvents,
        bookmarks: args.toBookmarks,
      },
    })
  } finally {
    await from.end()
    if (to !== from) await to.end()
  }
}

/** `evtstore-postgres migrate-from-v12 ...`: see the README. Resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runV12Cli(argv, { command: 'evtstore-postgres migrate-from-v12', run })
}
