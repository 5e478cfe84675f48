/** A cached aggregate: its folded state at `version`. */
export interface CachedAggregate<A> {
  state: A
  version: number
}

/**
 * A least-recently-used cache of folded aggregates, keyed by stream and aggregate id.
 * It keeps what it is given and hands it back as is: callers (the domain) store private
 * copies and copy again before handing state out, so nobody outside can change an entry.
 * A newer version is never replaced by an older one. Size 0 disables the cache.
 *
 * @example
 * ```ts
 * const cache = new AggregateCache<Account>(100)
 * cache.set('account', 'a-1', { state, version: 3 })
 * cache.get('account', 'a-1') // { state, version: 3 }
 * ```
 */
export class AggregateCache<A> {
  readonly #entries = new Map<string, CachedAggregate<A>>()
  readonly #size: number

  constructor(size: number) {
    this.#size = size
  }

  /** How many aggregates are cached now. */
  get count(): number {
    return this.#entries.size
  }

  /** The cached entry, marked as most recently used; undefined when not cached. */
  get(stream: string, aggregateId: string): CachedAggregate<A> | undefined {
    const key = JSON.stringify([stream, aggregateId])
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry
  }

  /** Stores an entry unless a newer version is already cached; evicts the least recently used. */
  set(stream: string, aggregateId: string, entry: CachedAggregate<A>): void {
    if (this.#size <= 0) return
    const key = JSON.stringify([stream, aggregateId])
    const current = this.#entries.get(key)
    if (current !== undefined && current.version > entry.version) return
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    while (this.#entries.size > this.#size) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
    }
  }

  /** Forgets one aggregate. */
  delete(stream: string, aggregateId: string): void {
    this.#entries.delete(JSON.stringify([stream, aggregateId]))
  }
}
