import { createDomain, type Provider } from '@evtstore/core'
import { account } from './domain/account.js'

/**
 * Wires the bank's aggregates to a provider.
 *
 * @example
 * ```ts
 * const { domain, createHandler } = createBankDomain(createMemoryProvider())
 * await domain.account.getAggregate('acc-ada')
 * ```
 */
export function createBankDomain(provider: Provider, cacheSize = 1000) {
  return createDomain({ provider, cacheSize }, { account })
}

/** What {@link createBankDomain} returns. */
export type BankDomain = ReturnType<typeof createBankDomain>

/** The `account` aggregate of a bank domain: what commands are created on. */
export type AccountAggregate = BankDomain['domain']['account']
