import { COUNTER_NAME } from './event-cypher.js'
import type { Neo4jRecord } from './neo4j-driver.js'
import { quoteLabel, type Neo4jLabels } from './options.js'
import { retriedTransaction, type TransactionTarget } from './transaction.js'

/** One unique constraint a store needs: a label and the properties that are unique together. */
export interface UniqueRule {
  label: string
  properties: readonly string[]
}

/** A schema that exists but does not fit the store: migrate refuses to go on. */
export class SchemaConflictError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaConflictError'
  }
}

/**
 * Runs one statement in a transaction of its own (schema changes and data changes never
 * share one) and returns its rows. Every migrate statement may run twice, so transient
 * failures (concurrent migrations deadlock on schema locks) are retried.
 *
 * @example
 * ```ts
 * const rows = await runAlone(target, 'CALL db.constraints() YIELD description RETURN description')
 * ```
 */
export function runAlone(
  target: TransactionTarget,
  query: string,
  parameters: Record<string, unknown> = {},
): Promise<Neo4jRecord[]> {
  return retriedTransaction(target, 'WRITE', async (tx) => (await tx.run(query, parameters)).records)
}

/**
 * Creates the store's counter node (value 0) if it is missing, after the constraints (so
 * concurrent migrations merge one node), and checks it: an integer at least as high as
 * the highest stored position, else a {@link SchemaConflictError}.
 *
 * @example
 * ```ts
 * await ensureCounter(target, labels)
 * ```
 */
export async function ensureCounter(target: TransactionTarget, labels: Neo4jLabels): Promise<void> {
  const C = quoteLabel(labels.counter)
  const [counter] = await runAlone(
    target,
    `MERGE (c:${C} {name: $name}) ON CREATE SET c.value = 0 RETURN toString(c.value) AS value`,
    { name: COUNTER_NAME },
  )
  const value: unknown = counter?.get('value')
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new SchemaConflictError(
      `the counter node ${labels.counter} holds ${String(value)}, not a non-negative integer`,
    )
  }
  const [top] = await runAlone(
    target,
    `MATCH (e:${quoteLabel(labels.events)}) WHERE e.position IS NOT NULL WITH e ORDER BY e.position DESC LIMIT 1 RETURN toString(e.position) AS top`,
  )
  const highest: unknown = top?.get('top')
  if (typeof highest === 'string' && BigInt(highest) > BigInt(value)) {
    throw new SchemaConflictError(
      `the counter node ${labels.counter} is at ${value}, below the highest stored position ${highest}: new events would reuse positions`,
    )
  }
}

/**
 * The unique constraints of a store, on every server line: the version key and the
 * snapshots' aggregate key (their shapes differ per line), the event id, the position,
 * the counter's, the bookmarks' and the handler leases' names.
 *
 * @example
 * ```ts
 * uniqueRules(labels, ['stream', 'aggregateId', 'version'], ['stream', 'aggregateId'])
 * ```
 */
export function uniqueRules(
  labels: Neo4jLabels,
  versionProperties: readonly string[],
  snapshotProperties: readonly string[],
): UniqueRule[] {
  return [
    { label: labels.events, properties: versionProperties },
    { label: labels.events, properties: ['id'] },
    { label: labels.events, properties: ['position'] },
    { label: labels.counter, properties: ['name'] },
    { label: labels.bookmarks, properties: ['name'] },
    leaseRule(labels),
    { label: labels.snapshots, properties: snapshotProperties },
  ]
}

/**
 * The unique constraint of a store's lease nodes: one lease per name (two first acquires
 * of one lease at once merge one node only because of it).
 *
 * @example
 * ```ts
 * leaseRule(labels) // { label: 'Bookmarks_Leases', properties: ['name'] }
 * ```
 */
export function leaseRule(labels: Neo4jLabels): UniqueRule {
  return { label: labels.leases, properties: ['name'] }
}
