import type { StoredEvent } from '@evtstore/core'
import { V12_MIGRATION_OPTIONS, copyV12Store, refuseUnknownKeys, type V12MigrationOptions, type V12MigrationResult } from '@evtstore/core/toolkit'
import { createProvider } from '../create-provider.js'
import { migrate } from '../migrate.js'
import { parseOptions, type Neo4jProviderOptions } from '../options.js'
import { retriedTransaction } from '../transaction.js'
import { createProvider as createV3Provider } from '../v3/create-provider.js'
import { migrate as migrateV3 } from '../v3/migrate.js'
import { neo4jV12Source, type Neo4jV12Store } from './neo4j-v12-source.js'

/** Options of {@link migrateFromV12}. */
export interface Neo4jV12MigrationOptions extends V12MigrationOptions {
  /** The evtstore@12 store: the driver and the labels its neo4j or neo4j-v3 provider was given. */
  from: Neo4jV12Store
  /**
   * The new store: the options of this provider's `createProvider` (default labels
   * `Events`, `Bookmarks`; other labels than v12's). `v3: true` for Neo4j 3.5: the store of
   * the `/v3` entry (no `database` there).
   */
  to: Neo4jProviderOptions & { v3?: boolean }
  /** Run this provider's `migrate()` on the new store first. Default `true`. */
  migrate?: boolean
}

/**
 * Copies a store written by evtstore@12's neo4j provider (Neo4j 4.4, 5) or neo4j-v3
 * provider (3.5) into a store of this provider: every event with its stream, aggregate id,
 * version, timestamp and payload, in v12's position order (ties broken by node id), then
 * every bookmark at the new position of the event it stood on. The progress is saved in
 * the new store after each page (bookmark `evtstore.v12-migration`, keyed by the
 * millisecond of v12's position): after a crash, or with `limit`/`signal`, run it again and
 * it goes on from there; a run over a store already copied changes nothing.
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * import { migrateFromV12 } from '@evtstore/provider-neo4j/v12'
 *
 * const client = neo4j.driver('bolt://localhost:7687')
 * const result = await migrateFromV12({
 *   from: { client, events: 'V12Events', bookmarks: 'V12Bookmarks' },
 *   to: { client, events: 'Events', bookmarks: 'Bookmarks' },
 * })
 * console.log(result.copied, result.bookmarks)
 * ```
 */
export async function migrateFromV12(options: Neo4jV12MigrationOptions): Promise<V12MigrationResult> {
  refuseUnknownKeys(options, 'options', V12_MIGRATION_OPTIONS)
  const source = neo4jV12Source(options.from)
  const { v3, ...to } = options.to
  const parsed = parseOptions(to, { databases: v3 !== true })
  const provider = v3 === true ? createV3Provider(to) : createProvider(to)
  const { limit: _limit, ...schema } = to
  if (options.migrate !== false) await (v3 === true ? migrateV3(schema) : migrate(schema))
  const restoreTimestamps = async (stored: StoredEvent[], timestamp: Date) => {
    if (stored.length === 0) return
    await retriedTransaction(parsed, 'WRITE', async (tx) => {
      await tx.run(`UNWIND $ids AS id MATCH (e:\`${parsed.labels.events}\` {id: id}) SET e.timestamp = toInteger($ms)`, {
        ids: stored.map((event) => event.id),
        ms: timestamp.getTime(),
      })
    })
  }
  return copyV12Store(source, { provider, restoreTimestamps }, options)
}
