import type { AnyAggregate, EventOf, StateOf, StreamOf } from '../aggregate.js'
import { ValidationError } from '../errors.js'
import { guardProvider } from '../guard/guard-provider.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger } from '../guard/validate-request.js'
import type { Provider } from '../provider.js'
import { AggregateCache } from '../state/aggregate-cache.js'
import { AggregateStore } from './aggregate-store.js'
import { createDomainAggregate, type DomainAggregate } from './domain-aggregate.js'
import { SnapshotPolicy } from './snapshot-policy.js'

/** The aggregates of a domain, by the name they get on `domain`. */
export type AggregateMap = { [name: string]: AnyAggregate }

/** `domain.<name>` for each aggregate of the map. */
export type Domain<M extends AggregateMap> = {
  readonly [K in keyof M]: DomainAggregate<StreamOf<M[K]>, EventOf<M[K]>, StateOf<M[K]>>
}

/** The default number of folded aggregates a domain caches. */
export const DEFAULT_CACHE_SIZE = 1000

/** Options of {@link createDomain}. */
export interface DomainOptions<Tx = unknown> {
  /**
   * Where events are stored, e.g. `createMemoryProvider()`. Its transaction type `Tx` is
   * what the functions of a `transactional` handler receive.
   */
  provider: Provider<Tx>
  /**
   * How many folded aggregates to keep (least recently used are dropped); 0 disables the
   * cache. Default {@link DEFAULT_CACHE_SIZE}. A cached aggregate is brought up to date by
   * reading only the events after its cached version.
   */
  cacheSize?: number
}

/** The parts of a domain shared by its aggregates and handlers. */
export interface DomainParts<M extends AggregateMap> {
  domain: Domain<M>
  provider: Provider
  streams: ReadonlySet<string>
}

/** Builds `domain.<name>` for each aggregate; validates options and stream names. */
export function buildDomain<M extends AggregateMap>(options: DomainOptions, aggregates: M): DomainParts<M> {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be { provider }')
  refuseUnknownKeys(options, 'options', ['provider', 'cacheSize'])
  if (typeof options.provider !== 'object' || options.provider === null) {
    throw new ValidationError('options.provider', 'must be a provider, e.g. createMemoryProvider()')
  }
  if (typeof (options.provider as { then?: unknown }).then === 'function') {
    // Refused now rather than awaited per call: a provider's capabilities (name limits,
    // positions) are checked synchronously, before any I/O, so they must be known here.
    throw new ValidationError(
      'options.provider',
      'is a promise: await it first (createDomain({ provider: await providerPromise }, ...)). Providers here take a promise of the driver client instead, so createProvider() itself never needs awaiting',
    )
  }
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE
  assertInteger(cacheSize, 'options.cacheSize', 0)
  if (typeof aggregates !== 'object' || aggregates === null) throw new ValidationError('aggregates', 'must be an object')
  const provider = guardProvider(options.provider)
  const cache = new AggregateCache<object>(cacheSize)
  const streams = new Set<string>()
  const domain: Record<string, unknown> = {}
  for (const name of Object.keys(aggregates)) {
    const aggregate = aggregates[name]!
    if (typeof aggregate?.stream !== 'string' || typeof aggregate.fold !== 'function') {
      throw new ValidationError(`aggregates.${name}`, 'must be made with createAggregate()')
    }
    if (streams.has(aggregate.stream)) {
      throw new ValidationError(`aggregates.${name}.stream`, `stream '${aggregate.stream}' is used by two aggregates`)
    }
    streams.add(aggregate.stream)
    let snapshots: SnapshotPolicy | undefined
    if (aggregate.snapshot !== undefined) {
      if (typeof provider.readSnapshot !== 'function' || typeof provider.writeSnapshot !== 'function') {
        throw new ValidationError(
          `aggregates.${name}.snapshot`,
          `the ${provider.name} provider does not store snapshots (capability snapshots): leave the snapshot option out`,
        )
      }
      snapshots = new SnapshotPolicy(provider, aggregate.stream, aggregate.snapshot)
    }
    domain[name] = createDomainAggregate(new AggregateStore(provider, aggregate, cache, snapshots))
  }
  return { domain: Object.freeze(domain) as Domain<M>, provider, streams }
}
