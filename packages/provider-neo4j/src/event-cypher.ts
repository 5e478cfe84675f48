import { quoteLabel, type Neo4jLabels } from './options.js'

/**
 * The Cypher of one store. Labels are the only names in the text (validated, then
 * backquoted); every stream, id, payload, version and position is a parameter. Integers
 * are sent as numbers or decimal strings and turned into Neo4j integers by `toInteger`,
 * and come back as text (`toString`), so no driver `Integer` reaches an envelope.
 */
export interface EventCypher {
  /** Reads, without locking: is the store migrated, and is the aggregate at `$expectedVersion`? (Why a write stored nothing.) */
  headCheck: string
  /**
   * When the aggregate is at `$expectedVersion`: creates the event nodes, then takes the
   * counter (the lock held to commit) and numbers them from it, one row per event in
   * version order. Otherwise it stores nothing and returns no row. With no counter node
   * it returns no row either, and the transaction must not be committed.
   */
  write: string
  /** The aggregate's highest version as text, or null. */
  aggregateHead: string
  /** Stored events among `$ids`. */
  eventsById: string
  readAggregate: string
  readLog: string
  getBookmark: string
  setBookmark: string
}

/** The properties returned for an event: integers as text. */
const PROJECTION =
  'e {.stream, .aggregateId, .id, .payload, .meta, version: toString(e.version), position: toString(e.position), timestamp: toString(e.timestamp)}'

/** The name property of the one counter node of a store. */
export const COUNTER_NAME = 'position'

/**
 * Builds a store's statements. `versionKey`: whether events carry the concatenated key
 * `versionKey` (the `/v3` entry, for Neo4j 3.5, which has no composite unique
 * constraints) and are looked up by it; otherwise by `(stream, aggregateId, version)`.
 *
 * @example
 * ```ts
 * const cypher = eventCypher({ events: 'Events', counter: 'Events_Counter', bookmarks: 'Bookmarks', leases: 'Bookmarks_Leases', snapshots: 'Events_Snapshots' }, false)
 * await tx.run(cypher.write, { stream: 'account', aggregateId: 'a-1', expectedVersion: 0, ids: ['e-1'], payloads: ['{"type":"opened"}'], metas: [null] })
 * ```
 */
export function eventCypher(labels: Neo4jLabels, versionKey: boolean): EventCypher {
  const E = quoteLabel(labels.events)
  const C = quoteLabel(labels.counter)
  const B = quoteLabel(labels.bookmarks)
  const counter = `(counter:${C} {name: '${COUNTER_NAME}'})`
  const at = (variable: string, key: string, version: string) =>
    versionKey
      ? `(${variable}:${E} {versionKey: $${key}})`
      : `(${variable}:${E} {stream: $stream, aggregateId: $aggregateId, version: ${version}})`
  const migrated = `MATCH ${counter} RETURN null AS event\nUNION ALL\n`
  // the head check's two lookups: the node at the expected version and the one after it
  const headLookups = [
    `OPTIONAL MATCH ${at('current', 'currentKey', 'toInteger($expectedVersion)')}`,
    `OPTIONAL MATCH ${at('next', 'nextKey', 'toInteger($expectedVersion) + 1')}`,
  ]
  return {
    headCheck: [
      `OPTIONAL MATCH ${counter}`,
      ...headLookups,
      'RETURN counter IS NOT NULL AS migrated, current IS NOT NULL AS atCurrent, next IS NOT NULL AS pastCurrent',
    ].join('\n'),
    // One statement: the head check, then the nodes, then the counter. When the head is
    // not at the expected version no row passes the WHERE: nothing is written and nothing
    // comes back (the caller runs `headCheck` to say why). Otherwise a fixed
    // lock order: first the new nodes (and their unique index entries, which only a
    // racing append on the same aggregate or ids shares), then the counter, last. The
    // counter is held from here to the commit, so appends are numbered in commit order.
    write: [
      ...headLookups,
      'WITH current, next WHERE (toInteger($expectedVersion) = 0 OR current IS NOT NULL) AND next IS NULL',
      'UNWIND range(0, size($ids) - 1) AS i',
      `CREATE (e:${E} {stream: $stream, aggregateId: $aggregateId, version: toInteger($expectedVersion) + 1 + i, id: $ids[i],`,
      `  payload: $payloads[i], meta: $metas[i], timestamp: timestamp()${versionKey ? ', versionKey: $versionKeys[i]' : ''}})`,
      'WITH e ORDER BY e.version',
      'WITH collect(e) AS created',
      `MATCH ${counter}`,
      'SET counter.value = counter.value + size(created)',
      'WITH created, counter.value - size(created) AS base',
      'UNWIND range(0, size(created) - 1) AS i',
      'WITH created[i] AS e, base + 1 + i AS position',
      'SET e.position = position',
      'RETURN e.id AS id, toString(position) AS position, toString(e.timestamp) AS timestamp',
    ].join('\n'),
    aggregateHead: `MATCH (e:${E}) WHERE e.stream = $stream AND e.aggregateId = $aggregateId RETURN toString(max(e.version)) AS head`,
    eventsById: `UNWIND $ids AS id MATCH (e:${E} {id: id}) RETURN ${PROJECTION} AS event`,
    readAggregate:
      migrated +
      [
        `MATCH (e:${E}) WHERE e.stream = $stream AND e.aggregateId = $aggregateId AND e.version > toInteger($afterVersion)`,
        'WITH e ORDER BY e.version LIMIT toInteger($limit)',
        `RETURN ${PROJECTION} AS event`,
      ].join('\n'),
    readLog:
      migrated +
      [
        `MATCH (e:${E}) WHERE e.position > toInteger($after) AND e.stream IN $streams`,
        'WITH e ORDER BY e.position LIMIT toInteger($limit)',
        `RETURN ${PROJECTION} AS event`,
      ].join('\n'),
    getBookmark: `OPTIONAL MATCH (b:${B} {name: $name}) RETURN b.position AS position`,
    setBookmark: `MERGE (b:${B} {name: $name}) SET b.position = $position`,
  }
}

/**
 * The `/v3` key of one event: its stream, aggregate id and version as one JSON array text,
 * which is unique exactly when the triple is (JSON escapes every separator).
 *
 * @example
 * ```ts
 * versionKeyOf('account', 'a-1', 3) // '["account","a-1",3]'
 * ```
 */
export function versionKeyOf(stream: string, aggregateId: string, version: number): string {
  return JSON.stringify([stream, aggregateId, version])
}
