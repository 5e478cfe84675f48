import type { Position, StoredEvent } from '@evtstore/core'
import { isPosition } from '@evtstore/core'
import type { ProviderDefinition } from '@evtstore/core/toolkit'
import { neo4jAppend } from './append.js'
import { eventCypher } from './event-cypher.js'
import { eventFromRow, type EventRow } from './event-rows.js'
import { NEO4J_CAPABILITIES, checkAppendKeys, checkKeyBytes } from './key-limits.js'
import type { Neo4jQueryResult } from './neo4j-driver.js'
import { StoreNotMigratedError, neo4jProviderError } from './neo4j-errors.js'
import type { ParsedOptions } from './options.js'
import { positionParameter } from './positions.js'
import { neo4jLeases, type ConstraintCheck } from './neo4j-leases.js'
import { snapshotStore } from './snapshot-store.js'
import { retriedTransaction, type TransactionTarget } from './transaction.js'

/** What differs between the server lines: the provider's name, how versions are keyed, how constraints are listed. */
export interface Neo4jLine {
  /** `provider.name`: `'neo4j'` (4.4 and 5) or `'neo4j-v3'` (3.5). */
  name: string
  /**
   * Events carry the concatenated key `versionKey`, and snapshot nodes `aggregateKey`
   * (3.5 has no composite unique constraints).
   */
  versionKey: boolean
  /** Looks a uniqueness constraint up (`SHOW CONSTRAINTS` on 4.4 and 5, `db.constraints()` on 3.5). */
  hasUniqueConstraint: ConstraintCheck
}

/**
 * The provider calls on Neo4j, for `defineProvider`: appends (see `neo4jAppend`),
 * reads in read transactions, bookmarks as nodes merged under a unique name, handler
 * leases with fenced bookmark writes (see `neo4jLeases`), snapshots as nodes merged under
 * their aggregate's key (see `snapshotStore`). Reads check
 * that the store's counter node exists, in the same statement, so a store that was never
 * migrated fails instead of looking empty.
 *
 * @example
 * ```ts
 * const provider = defineProvider(neo4jDefinition(parseOptions(options, { databases: true }), { name: 'neo4j', versionKey: false, hasUniqueConstraint }))
 * ```
 */
export function neo4jDefinition(options: ParsedOptions, line: Neo4jLine): ProviderDefinition {
  const { labels, limit } = options
  const target: TransactionTarget = { client: options.client, database: options.database }
  const cypher = eventCypher(labels, line.versionKey)
  const { append, storedEventIds } = neo4jAppend({
    target,
    cypher,
    counterLabel: labels.counter,
    versionKey: line.versionKey,
  })
  const snapshots = snapshotStore(target, labels, line.versionKey)

  /** Events of a read (the first branch's row, whose event is null, says the store is migrated). */
  function events(result: Neo4jQueryResult, order: (e: StoredEvent) => number | bigint): StoredEvent[] {
    const rows = result.records.map((r) => r.get('event') as EventRow | null)
    if (!rows.includes(null)) throw new StoreNotMigratedError(labels.counter)
    const found = rows.filter((row): row is EventRow => row !== null).map(eventFromRow)
    return found.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
  }

  return {
    name: line.name,
    limit,
    fullAggregatePages: true,
    // what Neo4j's unique indexes hold: core refuses longer names before any I/O;
    // aggregate snapshots as `<events>_Snapshots` nodes
    capabilities: { ...NEO4J_CAPABILITIES, snapshots: true },
    append: (request) => {
      checkAppendKeys(request, line.versionKey)
      return append(request)
    },
    storedEventIds,
    readAggregate: (request) =>
      retriedTransaction(target, 'READ', async (tx) => {
        const result = await tx.run(cypher.readAggregate, {
          stream: request.stream,
          aggregateId: request.aggregateId,
          afterVersion: request.afterVersion,
          limit: request.limit,
        })
        return events(result, (e) => e.version)
      }),
    readLog: async (request) => {
      const after = positionParameter(request.after, 'after')
      return retriedTransaction(target, 'READ', async (tx) => {
        const result = await tx.run(cypher.readLog, { streams: request.streams, after, limit: request.limit })
        return events(result, (e) => BigInt(e.position))
      })
    },
    getBookmark: (name) =>
      retriedTransaction(target, 'READ', async (tx): Promise<Position> => {
        const result = await tx.run(cypher.getBookmark, { name })
        const position: unknown = result.records[0]?.get('position')
        if (position === null || position === undefined) return '0'
        if (!isPosition(position))
          throw new TypeError(`bookmark ${name} holds ${String(position)}, not a position`)
        return position
      }),
    setBookmark: async (name, position) => {
      positionParameter(position, 'position')
      checkKeyBytes(name, 'name')
      await retriedTransaction(target, 'WRITE', async (tx) => {
        await tx.run(cypher.setBookmark, { name, position })
      })
    },
    leases: neo4jLeases(target, labels, line.hasUniqueConstraint),
    readSnapshot: (request) => snapshots.read(request),
    writeSnapshot: (snapshot) => snapshots.write(snapshot),
    // Positions come from a 64-bit integer counter.
    acceptsPosition: (position) =>
      position.length < 19 || (position.length === 19 && position <= '9223372036854775807'),
    failure: (operation, err) => neo4jProviderError(line.name, operation, err),
  }
}
