import { randomUUID } from 'node:crypto'
import type { AnyAggregate } from '../aggregate.js'
import type { EventMeta, NewEvent, StoredEvent } from '../envelope.js'
import { ValidationError, isVersionConflictError } from '../errors.js'
import type { Provider } from '../provider.js'
import { AggregateCache } from '../state/aggregate-cache.js'
import { cloneState, deepFreeze, isPlainObject } from '../state/clone-state.js'
import type { SnapshotPolicy } from './snapshot-policy.js'

/** How many events one read of an aggregate asks for; providers may return fewer. */
export const AGGREGATE_PAGE_SIZE = 1000

/** A folded aggregate held privately by the store: never handed out without a copy. */
export interface Snapshot {
  state: object
  version: number
}

/**
 * Loads, folds, caches and appends one aggregate type. The domain and the command
 * runner share it; users see it through `DomainAggregate`.
 */
export class AggregateStore {
  readonly stream: string

  constructor(
    readonly provider: Provider,
    readonly aggregate: AnyAggregate,
    readonly cache: AggregateCache<object>,
    /** The aggregate's stored snapshots, when it has the `snapshot` option. */
    readonly snapshots?: SnapshotPolicy,
  ) {
    this.stream = aggregate.stream
  }

  /**
   * Every stored event of one aggregate after `afterVersion`, page by page until an empty
   * page — or, when the provider promises full pages (`capabilities.fullAggregatePages`),
   * until the first short page, which is then the only read for a typical aggregate.
   */
  async readEvents(aggregateId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const fullPage = this.#fullPage
    // Our own array: the pages are the provider's, which may keep them.
    const events: StoredEvent[] = []
    let version = afterVersion
    for (;;) {
      const page = await this.provider.readAggregate({ stream: this.stream, aggregateId, afterVersion: version, limit: AGGREGATE_PAGE_SIZE })
      for (const event of page) events.push(event)
      if (page.length === 0 || page.length < fullPage) return events
      version = page[page.length - 1]!.version
    }
  }

  /** A page shorter than this ends the aggregate; 0 when the provider makes no such promise. */
  get #fullPage(): number {
    const promised = this.provider.capabilities?.fullAggregatePages
    return typeof promised === 'number' && promised >= 1 ? Math.min(promised, AGGREGATE_PAGE_SIZE) : 0
  }

  /** The cached folded state of an aggregate, if any (it may be behind the store). */
  cached(aggregateId: string): Snapshot | undefined {
    return this.cache.get(this.stream, aggregateId)
  }

  /** Folds `events` over a private copy of `base`; `base` itself is never changed. */
  fold(base: Snapshot, events: StoredEvent[]): Snapshot {
    if (events.length === 0) return base
    const state = cloneState(base.state)
    for (const event of events) {
      const changes: unknown = this.aggregate.fold(event.event, state, event)
      if (changes !== undefined && changes !== null) Object.assign(state, changes)
    }
    return { state, version: events[events.length - 1]!.version }
  }

  /**
   * The empty snapshot: `create()` at version 0 (folding and handing out both copy it first).
   * `create()` must return a plain object: a class instance would not be copied, so the
   * cached state itself would be handed out and changed.
   */
  empty(): Snapshot {
    const state: unknown = this.aggregate.create()
    if (!isPlainObject(state)) {
      throw new ValidationError(
        'create()',
        `aggregate '${this.stream}': must return a plain object (an object literal), not a class instance, array or primitive`,
      )
    }
    return { state, version: 0 }
  }

  /** Loads an aggregate, reading only the events after the cached version. */
  async load(aggregateId: string): Promise<Snapshot> {
    const cached = this.cached(aggregateId)
    const base = cached ?? (await this.snapshots?.read(aggregateId)) ?? this.empty()
    const snapshot = this.fold(base, await this.readEvents(aggregateId, base.version))
    if (snapshot !== cached) this.remember(aggregateId, snapshot)
    await this.snapshots?.afterLoad(aggregateId, base.version, snapshot)
    return snapshot
  }

  /** Loads an aggregate from its first event, also returning the ids of all its events. */
  async loadWithIds(aggregateId: string): Promise<{ snapshot: Snapshot; ids: Set<string> }> {
    const events = await this.readEvents(aggregateId, 0)
    const snapshot = this.fold(this.empty(), events)
    this.remember(aggregateId, snapshot)
    return { snapshot, ids: new Set(events.map((event) => event.id)) }
  }

  /** Appends payloads after `snapshot` and folds what was stored (no extra read). */
  async appendAfter(
    aggregateId: string,
    snapshot: Snapshot,
    payloads: unknown[],
    options: { meta?: EventMeta | undefined; ids?: readonly string[] | undefined },
  ): Promise<{ snapshot: Snapshot; stored: StoredEvent[] }> {
    const stored = await this.append(aggregateId, payloads, { expectedVersion: snapshot.version, ...options })
    const next = this.fold(snapshot, stored)
    this.remember(aggregateId, next)
    await this.snapshots?.afterAppend(aggregateId, snapshot.version, next)
    return { snapshot: next, stored }
  }

  /**
   * Appends payloads at `expectedVersion`; ids are random UUIDs unless given. A version
   * conflict evicts the aggregate's cached state before it is rethrown.
   */
  async append(
    aggregateId: string,
    payloads: unknown[],
    options: { expectedVersion: number; meta?: EventMeta | undefined; ids?: readonly string[] | undefined },
  ): Promise<StoredEvent[]> {
    if (!Array.isArray(payloads)) throw new ValidationError('events', 'must be an array of events')
    if (options.ids !== undefined && (!Array.isArray(options.ids) || options.ids.length !== payloads.length)) {
      throw new ValidationError('options.ids', 'must be an array with one id per event')
    }
    const events = payloads.map((event, index): NewEvent => {
      const newEvent: NewEvent = { id: options.ids?.[index] ?? randomUUID(), event: event as NewEvent['event'] }
      if (options.meta !== undefined) newEvent.meta = options.meta
      return newEvent
    })
    try {
      return await this.provider.append({ stream: this.stream, aggregateId, expectedVersion: options.expectedVersion, events })
    } catch (err) {
      // The cached state may be ahead of the store (truncated, restored): the next load reads it afresh.
      if (isVersionConflictError(err)) this.cache.delete(this.stream, aggregateId)
      throw err
    }
  }

  /** A copy of a snapshot for a caller: the state plus `aggregateId` and `version`. */
  view(aggregateId: string, snapshot: Snapshot, frozen = false): object {
    const state = Object.assign(cloneState(snapshot.state), { aggregateId, version: snapshot.version })
    return frozen ? deepFreeze(state) : state
  }

  private remember(aggregateId: string, snapshot: Snapshot): void {
    this.cache.set(this.stream, aggregateId, snapshot)
  }
}
