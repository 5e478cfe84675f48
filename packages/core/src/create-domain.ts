import type { EventOf, StreamOf } from './aggregate.js'
import { buildDomain, type AggregateMap, type Domain, type DomainOptions } from './domain/build-domain.js'
import { createHandlerFor } from './handler/create-handler.js'
import type { Handler, HandlerOptions } from './handler/handler-types.js'

/** Each stream of a domain with its event union: `{ account: AccountEvent; user: UserEvent }`. */
export type DomainEvents<M extends AggregateMap> = { [K in keyof M as StreamOf<M[K]>]: EventOf<M[K]> }

/** The stream names of a domain. */
export type DomainStream<M extends AggregateMap> = keyof DomainEvents<M> & string

/**
 * Makes an event handler reading some streams of the domain; see {@link Handler}.
 *
 * @example
 * ```ts
 * const balances = createHandler('balances', ['account'], { batchSize: 100 })
 * balances.handle('account', 'deposited', async (aggregateId, event) => {
 *   totals.set(aggregateId, (totals.get(aggregateId) ?? 0) + event.amount)
 * })
 * await balances.runOnce() // { handled, position }
 * ```
 */
export interface CreateHandler<M extends AggregateMap, Tx = unknown> {
  /** A `transactional` handler: its functions get the provider's transaction `tx` (see `HandlerOptions.transactional`). */
  <S extends DomainStream<M>>(name: string, streams: readonly S[], options: HandlerOptions & { transactional: true }): Handler<
    Pick<DomainEvents<M>, S>,
    Tx
  >
  /** A handler whose functions get no transaction (their fourth argument is `undefined`). */
  <S extends DomainStream<M>>(name: string, streams: readonly S[], options?: HandlerOptions): Handler<Pick<DomainEvents<M>, S>>
}

/** What {@link createDomain} returns. */
export interface DomainResult<M extends AggregateMap, Tx = unknown> {
  /** `domain.<name>` for each aggregate: getAggregate, getEvents, append. */
  domain: Domain<M>
  /** Makes event handlers (projections) over the domain's streams. */
  createHandler: CreateHandler<M, Tx>
}

/**
 * Binds aggregate definitions to a provider.
 *
 * @example
 * ```ts
 * import { createDomain } from '@evtstore/core'
 * import { createMemoryProvider } from '@evtstore/core/memory'
 *
 * const { domain, createHandler } = createDomain({ provider: createMemoryProvider(), cacheSize: 1000 }, { account })
 * const acc = await domain.account.getAggregate('a-1') // version 0 and create() state when unknown
 * ```
 */
export function createDomain<M extends AggregateMap, Tx = unknown>(options: DomainOptions<Tx>, aggregates: M): DomainResult<M, Tx> {
  const parts = buildDomain(options, aggregates)
  const createHandler = ((name: string, streams: readonly string[], handlerOptions?: HandlerOptions) =>
    createHandlerFor(parts.provider, parts.streams, name, streams, handlerOptions)) as CreateHandler<M, Tx>
  return { domain: parts.domain, createHandler }
}
