import type { Aggregate, AggregateState, EventShape } from '../aggregate.js'
import type { EventMeta, StoredEvent } from '../envelope.js'
import { ValidationError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import type { AggregateStore } from './aggregate-store.js'

/** Options of {@link DomainAggregate.append}. */
export interface AppendOptions {
  /** The aggregate's current version as the caller saw it (0 for a new aggregate). */
  expectedVersion: number
  /** Metadata stored with every appended event. */
  meta?: EventMeta
  /** Event ids, one per event; random UUIDs when left out. */
  ids?: readonly string[]
}

/**
 * One aggregate type of a domain, bound to the domain's provider: `domain.account`.
 *
 * @example
 * ```ts
 * const acc = await domain.account.getAggregate('a-1') // { owner, balance, aggregateId: 'a-1', version }
 * await domain.account.append('a-1', [{ type: 'deposited', amount: 5 }], { expectedVersion: acc.version })
 * const events = await domain.account.getEvents('a-1')
 * ```
 */
export interface DomainAggregate<S extends string, E extends EventShape, A extends object> {
  /** The stream name. */
  readonly stream: S
  /** The aggregate definition. */
  readonly aggregate: Aggregate<S, E, A>
  /**
   * Folds the aggregate's events (state + `aggregateId` + `version`); version 0 and
   * `create()` when it has none. Each call returns a fresh copy the caller may change.
   */
  getAggregate(aggregateId: string): Promise<AggregateState<A>>
  /** All stored events of the aggregate, in version order. */
  getEvents(aggregateId: string): Promise<StoredEvent<E, S>[]>
  /**
   * Low-level append: validates the payloads (plain JSON objects with a string `type`)
   * before any provider call and stores them atomically at `expectedVersion`, or throws
   * `VersionConflictError`. Returns the stored envelopes.
   */
  append(aggregateId: string, events: readonly E[], options: AppendOptions): Promise<StoredEvent<E, S>[]>
  /**
   * Stores a snapshot of the aggregate now (its state at its current version), for an
   * aggregate with the `snapshot` option; resolves to the version stored (0: no events, nothing
   * stored). Unlike the automatic writes, a failure rejects (a `ValidationError` when the state
   * is not JSON, a `ProviderError` when the write failed).
   *
   * @example
   * ```ts
   * await domain.account.saveSnapshot('a-1') // 1250
   * ```
   */
  saveSnapshot(aggregateId: string): Promise<number>
}

const stores = new WeakMap<object, AggregateStore>()

/** The store behind a domain aggregate (used by `createCommands`). */
export function storeOf(domainAggregate: object): AggregateStore {
  const store = typeof domainAggregate === 'object' && domainAggregate !== null ? stores.get(domainAggregate) : undefined
  if (store === undefined) throw new ValidationError('domainAggregate', 'must be an aggregate of a domain, e.g. domain.account')
  return store
}

/** Makes the public face of one aggregate store. */
export function createDomainAggregate<S extends string, E extends EventShape, A extends object>(
  store: AggregateStore,
): DomainAggregate<S, E, A> {
  const domainAggregate: DomainAggregate<S, E, A> = {
    stream: store.stream as S,
    aggregate: store.aggregate as unknown as Aggregate<S, E, A>,
    async getAggregate(aggregateId) {
      const snapshot = await store.load(aggregateId)
      return store.view(aggregateId, snapshot) as AggregateState<A>
    },
    async getEvents(aggregateId) {
      return (await store.readEvents(aggregateId, 0)) as StoredEvent<E, S>[]
    },
    async saveSnapshot(aggregateId) {
      const policy = store.snapshots
      if (policy === undefined) {
        throw new ValidationError('saveSnapshot()', `aggregate '${store.stream}' has no snapshot option (createAggregate({ ..., snapshot: { key } }))`)
      }
      const snapshot = await store.load(aggregateId)
      if (snapshot.version > 0) await policy.writeOrThrow(aggregateId, snapshot)
      return snapshot.version
    },
    async append(aggregateId, events, options) {
      if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be { expectedVersion }')
      refuseUnknownKeys(options, 'options', ['expectedVersion', 'meta', 'ids'])
      const stored = await store.append(aggregateId, events as unknown[], options)
      return stored as StoredEvent<E, S>[]
    },
  }
  Object.freeze(domainAggregate)
  stores.set(domainAggregate, store)
  return domainAggregate
}
