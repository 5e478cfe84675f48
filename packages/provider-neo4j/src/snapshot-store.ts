import { ValidationError, type AggregateSnapshot, type SnapshotRequest } from '@evtstore/core'
import { decodeJson } from '@evtstore/core/toolkit'
import { COUNTER_NAME } from './event-cypher.js'
import { MAX_VERSION_KEY_BYTES, checkKeyBytes } from './key-limits.js'
import { StoreNotMigratedError } from './neo4j-errors.js'
import { quoteLabel, type Neo4jLabels } from './options.js'
import { integerFromText } from './positions.js'
import { retriedTransaction, type TransactionTarget } from './transaction.js'

/**
 * The `/v3` key of one snapshot node: its stream and aggregate id as one JSON array text,
 * unique exactly when the pair is (Neo4j 3.5 can only make single properties unique).
 *
 * @example
 * ```ts
 * snapshotKeyOf('account', 'a-1') // '["account","a-1"]'
 * ```
 */
export function snapshotKeyOf(stream: string, aggregateId: string): string {
  return JSON.stringify([stream, aggregateId])
}

/**
 * The unique properties of the snapshot nodes: `(stream, aggregateId)` on 4.4 and 5, the
 * concatenated `aggregateKey` on 3.5 (`aggregateKey` true).
 */
export function snapshotKeyProperties(aggregateKey: boolean): readonly string[] {
  return aggregateKey ? ['aggregateKey'] : ['stream', 'aggregateId']
}

/**
 * Aggregate snapshots as nodes labelled `<events>_Snapshots`, one per aggregate (a unique
 * constraint from migrate). A write is one `MERGE` on the aggregate's key plus a `SET`, in
 * one write transaction: the last write wins, whatever its key and version. The state is
 * stored as JSON text, like payloads. Both calls check, in the same statement, that the
 * store's counter node exists, so a store that was never migrated fails instead of
 * reading as empty or writing unconstrained nodes. `aggregateKey`: key the nodes by
 * {@link snapshotKeyOf} (the `/v3` entry).
 *
 * @example
 * ```ts
 * const snapshots = snapshotStore(target, labels, false)
 * await snapshots.write({ stream: 'account', aggregateId: 'a-1', key: 'v1', version: 40, state })
 * ```
 */
export function snapshotStore(target: TransactionTarget, labels: Neo4jLabels, aggregateKey: boolean) {
  const S = quoteLabel(labels.snapshots)
  const counter = `(counter:${quoteLabel(labels.counter)} {name: '${COUNTER_NAME}'})`
  const node = aggregateKey ? `(s:${S} {aggregateKey: $aggregateKey})` : `(s:${S} {stream: $stream, aggregateId: $aggregateId})`
  const read = [
    `OPTIONAL MATCH ${counter}`,
    `OPTIONAL MATCH ${node}`,
    'RETURN counter IS NOT NULL AS migrated, s.key AS key, toString(s.version) AS version, s.state AS state',
    'LIMIT 1',
  ].join('\n')
  const write = [
    `MATCH ${counter}`,
    `MERGE ${node}`,
    `SET s.stream = $stream, s.aggregateId = $aggregateId, s.key = $key, s.version = toInteger($version), s.state = $state`,
    'RETURN true AS written',
  ].join('\n')

  /** The parameters naming the aggregate, its names checked against the index limits first. */
  function names(request: SnapshotRequest): Record<string, unknown> {
    checkKeyBytes(request.stream, 'stream')
    checkKeyBytes(request.aggregateId, 'aggregateId')
    if (!aggregateKey) return { stream: request.stream, aggregateId: request.aggregateId }
    const key = snapshotKeyOf(request.stream, request.aggregateId)
    const bytes = Buffer.byteLength(key, 'utf8')
    if (bytes > MAX_VERSION_KEY_BYTES) {
      throw new ValidationError(
        'aggregateId',
        `stream and aggregate id make a ${bytes}-byte snapshot key (JSON text); Neo4j 3.5 indexes hold at most ${MAX_VERSION_KEY_BYTES}`,
      )
    }
    return { stream: request.stream, aggregateId: request.aggregateId, aggregateKey: key }
  }

  return {
    async read(request: SnapshotRequest): Promise<AggregateSnapshot | undefined> {
      const parameters = names(request)
      const [row] = await retriedTransaction(target, 'READ', async (tx) => (await tx.run(read, parameters)).records)
      if (row?.get('migrated') !== true) throw new StoreNotMigratedError(labels.counter)
      const key: unknown = row.get('key')
      if (key === null || key === undefined) return undefined
      return {
        stream: request.stream,
        aggregateId: request.aggregateId,
        key: String(key),
        version: integerFromText(row.get('version'), 'snapshot version'),
        state: decodeJson(row.get('state'), 'state') as AggregateSnapshot['state'],
      }
    },
    async write(snapshot: AggregateSnapshot): Promise<void> {
      const parameters = { ...names(snapshot), key: snapshot.key, version: snapshot.version, state: JSON.stringify(snapshot.state) }
      const written = await retriedTransaction(target, 'WRITE', async (tx) => (await tx.run(write, parameters)).records)
      if (written.length === 0) throw new StoreNotMigratedError(labels.counter)
    },
  }
}
