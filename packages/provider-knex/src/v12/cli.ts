import { runV12Cli, type V12CliArguments, type V12MigrationOptions } from '@evtstore/core/toolkit'
import type { KnexLike } from '../knex-like.js'
import { migrateFromV12 } from './migrate-from-v12.js'

interface KnexModule {
  default?: (config: object) => KnexLike & { destroy(): Promise<void> }
}

/** A knex instance for `--client` and a URL (a file name for the SQLite clients). */
async function open(client: string, url: string) {
  const loaded = (await import('knex')) as unknown as KnexModule & ((config: object) => KnexLike & { destroy(): Promise<void> })
  const knex = loaded.default ?? loaded
  const sqlite = client === 'better-sqlite3' || client === 'sqlite3'
  return knex({ client, connection: sqlite ? { filename: url.replace(/^file:/, '') } : url, useNullAsDefault: true })
}

async function run(args: V12CliArguments, options: V12MigrationOptions) {
  const client = args.extra['client'] ?? 'better-sqlite3'
  const from = await open(client, args.fromUrl)
  const to = args.toUrl === args.fromUrl ? from : await open(args.extra['to-client'] ?? client, args.toUrl)
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
    await from.destroy()
    if (to !== from) await to.destroy()
  }
}

/** `evtstore-knex migrate-from-v12 ...`: see the README. Resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runV12Cli(argv, {
    command: 'evtstore-knex migrate-from-v12',
    extra: {
      client: 'knex client of the v12 store: better-sqlite3 (default), sqlite3, pg, mysql2',
      'to-client': 'knex client of the new store (default: --client)',
    },
    run,
  })
}
