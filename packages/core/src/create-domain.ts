import { buildDomain, type AggregateMap, type Domain, type DomainOptions } from './domain/build-domain.js'

/** What {@link createDomain} returns. */
export interface DomainResult<M extends AggregateMap> {
  /** `domain.<name>` for each aggregate: getAggregate, getEvents, append. */
  domain: Domain<M>
}

/**
 * Binds aggregate definitions to a provider.
 *
 * @example
 * ```ts
 * import { createDomain } from '@evtstore/core'
 * import { createMemoryProvider } from '@evtstore/core/memory'
 *
 * const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
 * const acc = await domain.account.getAggregate('a-1') // version 0 and create() state when unknown
 * ```
 */
export function createDomain<M extends AggregateMap>(options: DomainOptions, aggregates: M): DomainResult<M> {
  const parts = buildDomain(options, aggregates)
  return { domain: parts.domain }
}
