import {
  DuplicateEventError,
  VersionConflictError,
  isEvtStoreError,
  type AppendRequest,
  type StoredEvent,
} from '@evtstore/core'
import { retryWithBackoff } from '@evtstore/core/toolkit'
import { versionKeyOf, type EventCypher } from './event-cypher.js'
import { eventFromRow, type EventRow } from './event-rows.js'
import type { Neo4jTransaction } from './neo4j-driver.js'
import { StoreNotMigratedError, isConstraintViolation, isRetryableNeo4jError } from './neo4j-errors.js'
import { integerFromText } from './positions.js'
import {
  CommitOutcomeUnknownError,
  TRANSACTION_ATTEMPTS,
  TRANSACTION_BACKOFF,
  inTransaction,
  retriedTransaction,
  type TransactionTarget,
} from './transaction.js'

/** What the append needs to know about its store. */
export interface AppendStore {
  target: TransactionTarget
  cypher: EventCypher
  /** The counter label, for the "not migrated" error. */
  counterLabel: string
  /** Whether events carry the concatenated `/v3` key. */
  versionKey: boolean
}

/**
 * The parameters of the head check and of the write (nothing of the request is in the
 * text). The write's events go as parallel lists, not as one map per event, to keep the
 * request small: neo4j-driver sends a request of more than 1,400 bytes in several
 * writes on a socket with Nagle's algorithm on, and the later writes can wait for the
 * server's delayed acknowledgement, about 40 ms on Linux.
 */
function appendParameters(request: AppendRequest, versionKey: boolean): { head: Record<string, unknown>; write: Record<string, unknown> } {
  const { stream, aggregateId, expectedVersion } = request
  const head: Record<string, unknown> = { stream, aggregateId, expectedVersion }
  if (versionKey) {
    head['currentKey'] = versionKeyOf(stream, aggregateId, expectedVersion)
    head['nextKey'] = versionKeyOf(stream, aggregateId, expectedVersion + 1)
  }
  const ids: string[] = []
  const payloads: string[] = []
  const metas: Array<string | null> = []
  for (const e of request.events) {
    ids.push(e.id)
    payloads.push(JSON.stringify(e.event))
    metas.push(e.meta === undefined ? null : JSON.stringify(e.meta))
  }
  const write: Record<string, unknown> = { ...head, ids, payloads, metas }
  if (versionKey) write['versionKeys'] = ids.map((_id, i) => versionKeyOf(stream, aggregateId, expectedVersion + 1 + i))
  return { head, write }
}

const causeOf = (err: unknown) => (err instanceof CommitOutcomeUnknownError ? err.cause : err)

async function aggregateHead(
  tx: Neo4jTransaction,
  cypher: EventCypher,
  request: AppendRequest,
): Promise<number> {
  const result = await tx.run(cypher.aggregateHead, {
    stream: request.stream,
    aggregateId: request.aggregateId,
  })
  const head: unknown = result.records[0]?.get('head')
  return head === null || head === undefined ? 0 : integerFromText(head, 'head')
}

/**
 * The statements of one append inside an open write transaction `tx`: one write that
 * checks the head, creates the event nodes and takes the counter last; only when it
 * stores nothing, the head check that says why. Does not commit. Throws `VersionConflictError`
 * when the aggregate is not at the expected version.
 *
 * @example
 * ```ts
 * const tx = session.beginTransaction()
 * const stored = await appendInTransaction(tx, store, request)
 * await tx.commit()
 * ```
 */
export async function appendInTransaction(
  tx: Neo4jTransaction,
  store: AppendStore,
  request: AppendRequest,
): Promise<StoredEvent[]> {
  const { cypher } = store
  const params = appendParameters(request, store.versionKey)
  let written = (await tx.run(cypher.write, params.write)).records
  if (written.length === 0) {
    // nothing stored: not migrated, or not at the expected version (or, if the head
    // reached it between the two statements, write once more)
    const head = (await tx.run(cypher.headCheck, params.head)).records[0]
    if (head === undefined || head.get('migrated') !== true) throw new StoreNotMigratedError(store.counterLabel)
    const atExpected = (request.expectedVersion === 0 || head.get('atCurrent') === true) && head.get('pastCurrent') !== true
    if (atExpected) written = (await tx.run(cypher.write, params.write)).records
    if (written.length === 0) {
      const actualVersion = await aggregateHead(tx, cypher, request)
      throw new VersionConflictError({
        stream: request.stream,
        aggregateId: request.aggregateId,
        expectedVersion: request.expectedVersion,
        actualVersion,
      })
    }
  }
  if (written.length !== request.events.length) {
    throw new Error(`the write returned ${written.length} rows for ${request.events.length} events`)
  }
  return request.events.map((e, i): StoredEvent => {
    const row = written[i]!
    if (row.get('id') !== e.id)
      throw new Error(`the write returned event ${String(row.get('id'))} where ${e.id} was expected`)
    const envelope: StoredEvent = {
      stream: request.stream,
      aggregateId: request.aggregateId,
      version: request.expectedVersion + 1 + i,
      position: String(row.get('position')),
      timestamp: new Date(integerFromText(row.get('timestamp'), 'timestamp')),
      id: e.id,
      event: e.event,
    }
    if (e.meta !== undefined) envelope.meta = e.meta
    return envelope
  })
}

/**
 * Appends in one explicit write transaction of one statement and the commit: the
 * statement checks the head (the aggregate is at the expected version: its node exists,
 * the next one does not), creates the event nodes and, last, increments the counter node
 * and numbers them. The counter's write lock lasts until commit, so positions are handed
 * out and committed in one order, and a rolled-back append leaves no gap. The unique constraints catch what a
 * racing append slips past the head check; which one fired is found out by reading.
 * Transient failures run the transaction again (bounded); an append whose commit outcome
 * is unknown is looked up by its event ids before anything is reported.
 *
 * @example
 * ```ts
 * const { append, storedEventIds } = neo4jAppend(store)
 * const stored = await append({ stream: 'account', aggregateId: 'a-1', expectedVersion: 0, events })
 * ```
 */
export function neo4jAppend(store: AppendStore): {
  append(request: AppendRequest): Promise<StoredEvent[]>
  storedEventIds(ids: readonly string[]): Promise<readonly string[]>
} {
  const { cypher, target } = store

  const storedEvents = (ids: readonly string[]) =>
    retriedTransaction(target, 'READ', async (tx) => {
      const result = await tx.run(cypher.eventsById, { ids: [...new Set(ids)] })
      return result.records.map((r) => eventFromRow(r.get('event') as EventRow))
    })

  const storedEventIds = async (ids: readonly string[]) => (await storedEvents(ids)).map((e) => e.id)

  /** The envelopes of this very append if it is stored (an earlier attempt landed), else undefined. */
  const landed = async (request: AppendRequest): Promise<StoredEvent[] | undefined> => {
    const found = await storedEvents(request.events.map((e) => e.id))
    const byId = new Map(found.map((e) => [e.id, e]))
    const mine = request.events.map((e, i) => {
      const stored = byId.get(e.id)
      const version = request.expectedVersion + 1 + i
      return stored?.stream === request.stream &&
        stored.aggregateId === request.aggregateId &&
        stored.version === version
        ? stored
        : undefined
    })
    return mine.every((e) => e !== undefined) ? (mine as StoredEvent[]) : undefined
  }

  /** A constraint fired: a reused event id, a version a racing append took, or something else (thrown as is). */
  async function explainViolation(request: AppendRequest, cause: unknown): Promise<unknown> {
    const ids = request.events.map((e) => e.id)
    const stored = new Set(await storedEventIds(ids))
    const clashing = ids.filter((id, i) => stored.has(id) || ids.indexOf(id) !== i)
    if (clashing.length > 0) {
      return new DuplicateEventError(
        { stream: request.stream, aggregateId: request.aggregateId, eventIds: [...new Set(clashing)] },
        { cause },
      )
    }
    const actualVersion = await inTransaction(target, 'READ', (tx) => aggregateHead(tx, cypher, request))
    if (actualVersion !== request.expectedVersion) {
      return new VersionConflictError(
        {
          stream: request.stream,
          aggregateId: request.aggregateId,
          expectedVersion: request.expectedVersion,
          actualVersion,
        },
        { cause },
      )
    }
    return cause
  }

  async function append(request: AppendRequest): Promise<StoredEvent[]> {
    let uncertain = false
    try {
      return await retryWithBackoff(
        async () => {
          try {
            return await inTransaction(target, 'WRITE', (tx) => appendInTransaction(tx, store, request))
          } catch (err) {
            if (err instanceof CommitOutcomeUnknownError) uncertain = true
            if (uncertain) {
              const found = await landed(request).catch(() => undefined)
              if (found !== undefined) return found
            }
            throw err
          }
        },
        {
          attempts: TRANSACTION_ATTEMPTS,
          retryable: (err) => isRetryableNeo4jError(causeOf(err)),
          ...TRANSACTION_BACKOFF,
        },
      )
    } catch (err) {
      if (isEvtStoreError(err)) throw err
      if (isConstraintViolation(causeOf(err))) {
        throw await explainViolation(request, causeOf(err)).catch(() => causeOf(err))
      }
      throw err
    }
  }

  return { append, storedEventIds }
}
