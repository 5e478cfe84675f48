import { runV12Cli, type V12CliArguments, type V12MigrationOptions } from '@evtstore/core/toolkit'
import type { Neo4jDriver } from '../neo4j-driver.js'
import { migrateFromV12 } from './migrate-from-v12.js'

type Driver = Neo4jDriver & { close(): Promise<void> }
interface Neo4jModule {
  driver(url: string, auth?: unknown): Driver
  auth: { basic(user: string, password: string): unknown }
  default?: Neo4jModule
}

async function run(args: V12CliArguments, options: V12MigrationOptions) {
  const loaded = (await import('neo4j-driver')) as unknown as Neo4jModule
  const neo4j = loaded.default ?? loaded
  const user = process.env['NEO4J_USER']
  const auth = user === undefined ? undefined : neo4j.auth.basic(user, process.env['NEO4J_PASSWORD'] ?? '')
  const from = neo4j.driver(args.fromUrl, auth)
  const to = args.toUrl === args.fromUrl ? from : neo4j.driver(args.toUrl, auth)
  const database = args.extra['database']
  const sameStore = args.toUrl === args.fromUrl
  try {
    return await migrateFromV12({
      ...options,
      from: { client: from, events: args.fromEvents, bookmarks: args.fromBookmarks, ...(database === undefined ? {} : { database }) },
      to: {
        client: to,
        // Labels: the same rule as table names, in Neo4j's naming style.
        events: sameStore && args.toEvents === 'evtstore_events' ? 'Events' : args.toEvents,
        bookmarks: sameStore && args.toBookmarks === 'evtstore_bookmarks' ? 'Bookmarks' : args.toBookmarks,
        ...(database === undefined ? {} : { database }),
        ...(args.extra['server'] === '3.5' ? { v3: true } : {}),
      },
    })
  } finally {
    await from.close()
    if (to !== from) await to.close()
  }
}

/** `evtstore-neo4j migrate-from-v12 ...`: see the README. Resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runV12Cli(argv, {
    command: 'evtstore-neo4j migrate-from-v12',
    extra: {
      database: 'the database on Neo4j 4.4 and 5 (default: the server default)',
      server: '3.5 for a Neo4j 3.5 server (the new store then uses the /v3 entry)',
    },
    run,
  })
}
