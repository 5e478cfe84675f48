import { VersionConflictError, type AppendRequest, type Provider, type StoredEvent } from '@evtstore/core'
import { defineProvider } from '@evtstore/core/toolkit'
import { COUNTER_NAME, versionKeyOf } from '../../src/event-cypher.js'
import type { Neo4jTransaction } from '../../src/neo4j-driver.js'
import { hasUniqueConstraint } from '../../src/migrate.js'
import { neo4jDefinition } from '../../src/neo4j-definition.js'
import { isConstraintViolation } from '../../src/neo4j-errors.js'
import { quoteLabel } from '../../src/options.js'
import { parseOptions } from '../../src/options.js'
import { retriedTransaction, type TransactionTarget } from '../../src/transaction.js'
import { hasUniqueConstraintV3 } from '../../src/v3/migrate.js'
import type { TestStore } from './test-store.js'

/**
 * The control of the ordering tests: a provider that is the package's own in every way
 * but one — its appends draw their positions from the counter in a transaction of their
 * own, committed at once (a "sequence", the way many stores hand out positions so that no
 * lock is held), and then write the events in a second transaction. Positions are unique
 * and ascending in draw order, but an append that drew first can commit after one that
 * drew later, so a reader passes it: this control must lose events.
 */
export interface ControlStore {
  provider: Provider
  /** Draws the positions and writes the events in a transaction that stays open until `commit()`. */
  hold(request: AppendRequest): Promise<{ commit(): Promise<void> }>
}

export function earlyPositionControl(store: TestStore, name: string): ControlStore {
  const labels = store.labels(name)
  const options = parseOptions({ client: store.driver, ...labels }, { databases: true })
  const target: TransactionTarget = { client: options.client, database: undefined }
  const E = quoteLabel(labels.events)
  const C = quoteLabel(options.labels.counter)
  const versionKey = store.line.versionKey
  // both retried on transient errors, as the provider's own are: another test file's
  // migrate() on the shared server fails commits with ConstraintsChanged
  const draw = (count: number) =>
    retriedTransaction(target, 'WRITE', async (tx) => {
      const result = await tx.run(
        `MATCH (c:${C} {name: '${COUNTER_NAME}'}) SET c.value = c.value + toInteger($count) RETURN toString(c.value - toInteger($count)) AS base`,
        { count },
      )
      return BigInt(String(result.records[0]!.get('base')))
    })
  const write = async (
    tx: Neo4jTransaction,
    request: AppendRequest,
    base: bigint,
  ): Promise<StoredEvent[]> => {
    const { stream, aggregateId, expectedVersion } = request
    const events = request.events.map((e, i) => ({
      id: e.id,
      version: expectedVersion + 1 + i,
      position: (base + BigInt(i + 1)).toString(),
      payload: JSON.stringify(e.event),
      meta: e.meta === undefined ? null : JSON.stringify(e.meta),
      versionKey: versionKeyOf(stream, aggregateId, expectedVersion + 1 + i),
    }))
    const result = await tx.run(
      [
        'UNWIND $events AS ev',
        `CREATE (e:${E} {stream: $stream, aggregateId: $aggregateId, version: toInteger(ev.version), id: ev.id, payload: ev.payload,`,
        `  meta: ev.meta, position: toInteger(ev.position), timestamp: timestamp()${versionKey ? ', versionKey: ev.versionKey' : ''}})`,
        'RETURN toString(e.timestamp) AS timestamp',
      ].join('\n'),
      { stream, aggregateId, events },
    )
    const timestamp = new Date(Number(result.records[0]!.get('timestamp')))
    return events.map((e, i) => ({
      stream,
      aggregateId,
      version: e.version,
      position: e.position,
      timestamp,
      id: e.id,
      event: request.events[i]!.event,
    }))
  }
  const real = neo4jDefinition(options, {
    name: 'neo4j-early-position-control',
    versionKey,
    hasUniqueConstraint: versionKey ? hasUniqueConstraintV3 : hasUniqueConstraint,
  })
  const provider = defineProvider({
    ...real,
    // the version check is left to the constraints: enough for the stress writers' retries
    append: async (request) => {
      const base = await draw(request.events.length)
      try {
        return await retriedTransaction(target, 'WRITE', (tx) => write(tx, request, base))
      } catch (err) {
        if (!isConstraintViolation(err)) throw err
        const { stream, aggregateId, expectedVersion } = request
        throw new VersionConflictError({ stream, aggregateId, expectedVersion }, { cause: err })
      }
    },
  })
  return {
    provider,
    async hold(request) {
      const base = await draw(request.events.length)
      const session = store.driver.session({ defaultAccessMode: 'WRITE' })
      const tx = session.beginTransaction()
      await write(tx, request, base)
      return {
        async commit() {
          try {
            await tx.commit()
          } finally {
            await session.close()
          }
        },
      }
    },
  }
}
