import type { StoredEvent } from '../envelope.js'
import {
  AppendOutcomeUnknownError,
  DuplicateEventError,
  ProviderError,
  isAppendOutcomeUnknownError,
  isDuplicateEventError,
  isEvtStoreError,
} from '../errors.js'
import type { Position } from '../position.js'
import { retryWithBackoff } from './retry-with-backoff.js'
import type {
  AggregateSnapshot,
  AppendListener,
  AppendSubscription,
  HandlerTransaction,
  SnapshotRequest,
  AppendRequest,
  LeaseHolder,
  LeaseRequest,
  Provider,
  ProviderCapabilities,
  ReadAggregateRequest,
  ReadLogRequest,
} from '../provider.js'

/** The operations a provider names in its errors. */
export type ProviderOperation =
  | 'append'
  | 'readAggregate'
  | 'readLog'
  | 'getBookmark'
  | 'setBookmark'
  | 'readSnapshot'
  | 'writeSnapshot'
  | 'acquireLease'
  | 'releaseLease'
  | 'setFencedBookmark'
  | 'subscribeAppends'
  | 'transaction'

/**
 * What a provider package writes to get a complete {@link Provider} from
 * {@link defineProvider}: the five calls in terms of its driver, and nothing else.
 */
export interface ProviderDefinition<Tx = unknown> {
  /** The provider's name in `provider.name` and in error messages, e.g. `'pg'`. */
  name: string
  /** Optional capability flags (see `ProviderCapabilities`). */
  capabilities?: ProviderCapabilities
  /**
   * Largest page one read returns, whatever core asks for (the provider's `limit`
   * option, validated with `limitOption`). Reads are called with
   * `min(request.limit, limit)`.
   */
  limit: number
  /**
   * `readAggregate` returns `min(request.limit, remaining)` events, never a shorter page
   * while more are stored (true of an ordered `SELECT ... LIMIT` on committed rows).
   * Declares `capabilities.fullAggregatePages = limit`, so core loads an aggregate
   * shorter than a page in one read. Default `false`.
   */
  fullAggregatePages?: boolean
  /** Stores the events atomically or throws; see rule 1 of the `Provider` contract. */
  append(request: AppendRequest): Promise<StoredEvent[]>
  /** One aggregate's events after a version; see {@link Provider.readAggregate}. */
  readAggregate(request: ReadAggregateRequest): Promise<StoredEvent[]>
  /** The global log after a position; see {@link Provider.readLog}. */
  readLog(request: ReadLogRequest): Promise<StoredEvent[]>
  /** A handler's saved position; see {@link Provider.getBookmark}. */
  getBookmark(name: string): Promise<Position>
  /** Saves a handler's position; see {@link Provider.setBookmark}. */
  setBookmark(name: string, position: Position): Promise<void>
  /**
   * Turns a driver error into the error to throw. Called only for errors that are not
   * evtstore errors already. Default: a `ProviderError` naming the provider and the
   * operation, with the driver error as `cause`. An append's translation is where a
   * unique-key clash becomes `VersionConflictError` or `DuplicateEventError`.
   */
  failure?(operation: ProviderOperation, err: unknown, request?: AppendRequest): Error
  /**
   * Which of `ids` are stored already. Given, a `DuplicateEventError` from `append` is
   * narrowed to the ids that really clash (stored before, or repeated in the request),
   * found by reading rather than by parsing the driver's message. A failing lookup
   * leaves the error as it was.
   */
  storedEventIds?(ids: readonly string[]): Promise<readonly string[]>
  /** Whether the provider could have produced `position`; see `Provider.acceptsPosition`. */
  acceptsPosition?(position: Position): boolean
  /**
   * Whether an error thrown by `append` leaves its outcome unknown: the statement may have
   * been stored although its answer was lost (a dropped connection, say). An
   * `AppendOutcomeUnknownError` always counts. With `findAppended`, such an append is
   * resolved by looking its event ids up, never reported as failed when it landed.
   */
  isOutcomeUnknown?(err: unknown): boolean
  /** The stored events that carry the ids of `request`'s events (any order; none when not stored). */
  findAppended?(request: AppendRequest): Promise<StoredEvent[]>
  /** Optional snapshot storage; see `Provider.readSnapshot`. Give both or neither, and say `capabilities.snapshots: true`. */
  readSnapshot?(request: SnapshotRequest): Promise<AggregateSnapshot | undefined>
  /** Optional snapshot storage; see `Provider.writeSnapshot`. */
  writeSnapshot?(snapshot: AggregateSnapshot): Promise<void>
  /**
   * Handler leases with fencing (see `Provider.acquireLease`); given, the provider gets the
   * three lease methods and its capabilities say `leases: true`.
   */
  leases?: LeaseDefinition
  /**
   * Push wake-ups for running handlers (see `Provider.subscribeAppends`); given, the
   * provider gets the method and its capabilities say `push: true`.
   */
  subscribeAppends?(listener: AppendListener): Promise<AppendSubscription>
  /**
   * Transactional handlers (see `Provider.transaction`); given, the provider gets the
   * method and its capabilities say `transactionalHandlers: true`. The error `work` (or a
   * savepoint's `work`) rejects with passes through unchanged; the definition's own
   * failures (begin, bookmark writes, commit) go through `failure` like every call's.
   */
  transaction?<T>(work: (transaction: HandlerTransaction<Tx>) => Promise<T>): Promise<T>
}

/** The lease calls of a provider; see `Provider.acquireLease` and the two after it. */
export interface LeaseDefinition {
  /** Takes or renews the lease; see {@link Provider.acquireLease}. */
  acquire(request: LeaseRequest): Promise<number | undefined>
  /** Gives the lease up if `holder` still has it; see {@link Provider.releaseLease}. */
  release(name: string, holder: LeaseHolder): Promise<void>
  /** Saves the bookmark only while `holder` has the lease; see {@link Provider.setFencedBookmark}. */
  setFencedBookmark(name: string, position: Position, holder: LeaseHolder): Promise<boolean>
}

/**
 * Decides an append whose answer was lost from what a lookup of its ids found: all of
 * them, on this aggregate with the expected versions → it was stored, here are the
 * envelopes; none → it was not stored (a `ProviderError` that says so); anything else,
 * or a failing lookup → `AppendOutcomeUnknownError`.
 */
async function resolveOutcome(
  name: string,
  request: AppendRequest,
  err: unknown,
  findAppended: (request: AppendRequest) => Promise<StoredEvent[]>,
): Promise<StoredEvent[]> {
  const eventIds = request.events.map((e) => e.id)
  const unknown = (reason: string, cause: unknown) =>
    new AppendOutcomeUnknownError({ provider: name, stream: request.stream, aggregateId: request.aggregateId, eventIds, reason }, { cause })
  let found: StoredEvent[]
  try {
    // The connection that lost the answer may take the pool's others down with it:
    // a few tries, spread over about half a second, before giving up.
    found = await retryWithBackoff(() => findAppended(request), {
      attempts: 4,
      retryable: () => true,
      initialDelayMs: 50,
      maxDelayMs: 400,
    })
  } catch (lookupError) {
    throw unknown(`the answer was lost and looking the event ids up failed too (${describe(lookupError)})`, err)
  }
  if (found.length === 0) {
    throw new ProviderError(
      { provider: name, operation: 'append', message: `the append was not stored: ${describe(err)}` },
      { cause: err },
    )
  }
  const byId = new Map(found.map((e) => [e.id, e]))
  const stored = request.events.map((e) => byId.get(e.id))
  const ours = stored.every(
    (e, index) =>
      e !== undefined &&
      e.stream === request.stream &&
      e.aggregateId === request.aggregateId &&
      e.version === request.expectedVersion + index + 1,
  )
  if (!ours) throw unknown(`the answer was lost and ${found.length} of its ${eventIds.length} event ids are stored differently`, err)
  return stored as StoredEvent[]
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

async function narrowDuplicates(
  err: Error,
  request: AppendRequest,
  storedEventIds: ((ids: readonly string[]) => Promise<readonly string[]>) | undefined,
): Promise<Error> {
  if (!isDuplicateEventError(err) || storedEventIds === undefined) return err
  const ids = request.events.map((e) => e.id)
  const stored = await storedEventIds(ids).catch(() => undefined)
  if (stored === undefined) return err
  const clashing = ids.filter((id, index) => ids.indexOf(id) !== index || stored.includes(id))
  if (clashing.length === 0) return err
  return new DuplicateEventError(
    { stream: request.stream, aggregateId: request.aggregateId, eventIds: [...new Set(clashing)] },
    { cause: err.cause },
  )
}

/**
 * The one way a provider is put together: the package validates its options (before
 * any I/O), then hands its five driver calls to `defineProvider`, which caps every read
 * at `limit`, makes every failure an evtstore error and names the clashing ids of a
 * duplicate append. Evtstore errors the calls throw
 * (a `VersionConflictError` from a head check, say) pass through unchanged; anything
 * else goes through `failure` (default: `ProviderError` with the driver error as cause).
 *
 * Core still guards whatever it is given (validation, result checks), so a definition
 * only translates calls to its driver.
 *
 * @example
 * ```ts
 * import { defineProvider, limitOption } from '@evtstore/core/toolkit'
 *
 * export function createProvider(options: { client: FileStore; limit?: number }) {
 *   const limit = limitOption(options.limit, 'options.limit')
 *   return defineProvider({
 *     name: 'file',
 *     limit,
 *     append: (request) => options.client.append(request),
 *     readAggregate: (request) => options.client.readAggregate(request),
 *     readLog: (request) => options.client.readLog(request),
 *     getBookmark: (name) => options.client.getBookmark(name),
 *     setBookmark: (name, position) => options.client.setBookmark(name, position),
 *   })
 * }
 * ```
 */
export function defineProvider<Tx = unknown>(definition: ProviderDefinition<Tx>): Provider<Tx> {
  const { name, limit } = definition
  const failure =
    definition.failure ??
    ((operation: ProviderOperation, err: unknown) => new ProviderError({ provider: name, operation }, { cause: err }))

  async function guarded<T>(operation: ProviderOperation, work: () => Promise<T>, request?: AppendRequest): Promise<T> {
    try {
      return await work()
    } catch (err) {
      if (isEvtStoreError(err)) throw err
      throw failure(operation, err, request)
    }
  }

  const withPages: ProviderCapabilities | undefined =
    definition.fullAggregatePages === true ? { ...definition.capabilities, fullAggregatePages: limit } : definition.capabilities
  const leases = definition.leases
  const withLeases: ProviderCapabilities | undefined = leases === undefined ? withPages : { ...withPages, leases: true }
  const subscribeAppends = definition.subscribeAppends
  const withPush: ProviderCapabilities | undefined = subscribeAppends === undefined ? withLeases : { ...withLeases, push: true }
  const transaction = definition.transaction
  const capabilities: ProviderCapabilities | undefined =
    transaction === undefined ? withPush : { ...withPush, transactionalHandlers: true }
  return {
    name,
    ...(transaction === undefined ? {} : { transaction: guardedTransaction(definition, transaction, guarded) }),
    ...(subscribeAppends === undefined
      ? {}
      : { subscribeAppends: (listener: AppendListener) => guarded('subscribeAppends', () => subscribeAppends.call(definition, listener)) }),
    ...(capabilities === undefined ? {} : { capabilities }),
    ...(leases === undefined
      ? {}
      : {
          acquireLease: (request: LeaseRequest) => guarded('acquireLease', () => leases.acquire(request)),
          releaseLease: (lease: string, holder: LeaseHolder) => guarded('releaseLease', () => leases.release(lease, holder)),
          setFencedBookmark: (bookmark: string, position: Position, holder: LeaseHolder) =>
            guarded('setFencedBookmark', () => leases.setFencedBookmark(bookmark, position, holder)),
        }),
    ...(definition.acceptsPosition === undefined ? {} : { acceptsPosition: definition.acceptsPosition }),
    async append(request) {
      try {
        return await definition.append(request)
      } catch (err) {
        const lost = isAppendOutcomeUnknownError(err) || (!isEvtStoreError(err) && definition.isOutcomeUnknown?.(err) === true)
        if (lost && definition.findAppended !== undefined) return resolveOutcome(name, request, err, definition.findAppended)
        const translated = isEvtStoreError(err) ? err : failure('append', err, request)
        throw await narrowDuplicates(translated, request, definition.storedEventIds)
      }
    },
    readAggregate: (request) =>
      guarded('readAggregate', () => definition.readAggregate({ ...request, limit: Math.min(request.limit, limit) })),
    readLog: (request) =>
      guarded('readLog', () => definition.readLog({ ...request, limit: Math.min(request.limit, limit) })),
    getBookmark: (bookmark) => guarded('getBookmark', () => definition.getBookmark(bookmark)),
    setBookmark: (bookmark, position) => guarded('setBookmark', () => definition.setBookmark(bookmark, position)),
    ...snapshotCalls(definition, guarded),
  }
}

/**
 * A definition's `transaction`, with its own failures made evtstore errors (operation
 * `'transaction'`, or the bookmark call's) while the errors of core's `work` pass through
 * as they were thrown.
 */
function guardedTransaction<Tx>(
  definition: ProviderDefinition<Tx>,
  transaction: NonNullable<ProviderDefinition<Tx>['transaction']>,
  guarded: <T>(operation: ProviderOperation, work: () => Promise<T>) => Promise<T>,
): NonNullable<Provider<Tx>['transaction']> {
  return async <T>(work: (t: HandlerTransaction<Tx>) => Promise<T>): Promise<T> => {
    // The errors of `work` (and of savepoint work), by identity: passed on unchanged.
    const thrown = new Set<unknown>()
    const mark = async <U>(run: () => Promise<U>): Promise<U> => {
      try {
        return await run()
      } catch (err) {
        thrown.add(err)
        throw err
      }
    }
    try {
      return await transaction.call<ProviderDefinition<Tx>, [(t: HandlerTransaction<Tx>) => Promise<T>], Promise<T>>(definition, (t: HandlerTransaction<Tx>) => {
        const { setFencedBookmark } = t
        const wrapped: HandlerTransaction<Tx> = {
          tx: t.tx,
          savepoint: (inner) => t.savepoint((tx) => mark(() => inner(tx))),
          setBookmark: (name, position) => guarded('setBookmark', () => t.setBookmark(name, position)),
          ...(setFencedBookmark === undefined
            ? {}
            : {
                setFencedBookmark: (name: string, position: Position, holder: LeaseHolder) =>
                  guarded('setFencedBookmark', () => setFencedBookmark.call(t, name, position, holder)),
              }),
        }
        return mark(() => work(wrapped))
      })
    } catch (err) {
      if (thrown.has(err) || isEvtStoreError(err)) throw err
      throw definition.failure?.('transaction', err) ?? new ProviderError({ provider: definition.name, operation: 'transaction' }, { cause: err })
    }
  }
}

/** The snapshot calls of a definition that has both, wrapped like the others; none otherwise. */
function snapshotCalls(
  definition: ProviderDefinition,
  guarded: <T>(operation: ProviderOperation, work: () => Promise<T>) => Promise<T>,
): Pick<Provider, 'readSnapshot' | 'writeSnapshot'> {
  const { readSnapshot, writeSnapshot } = definition
  if (readSnapshot === undefined || writeSnapshot === undefined) return {}
  return {
    readSnapshot: (request) => guarded('readSnapshot', () => readSnapshot.call(definition, request)),
    writeSnapshot: (snapshot) => guarded('writeSnapshot', () => writeSnapshot.call(definition, snapshot)),
  }
}
