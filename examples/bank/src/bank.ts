import type { Provider } from '@evtstore/core'
import { createBankDomain } from './bank-domain.js'
import { createAccountCommands } from './commands/account-commands.js'
import { transfer, type TransferRequest } from './commands/transfer.js'
import { createBankProjection } from './read-model/bank-projection.js'
import type { BankView } from './read-model/bank-view.js'
import { MemoryBankView } from './read-model/memory-bank-view.js'

/**
 * The whole bank on one provider: the domain, the account commands (retrying up to three
 * times on a version conflict), transfers, and the read model with its handler. The read
 * model lives in `view` (process memory unless another view is given, e.g. the SQL one
 * that `openStore` in `store.ts` returns).
 *
 * @example
 * ```ts
 * const bank = createBank(createMemoryProvider())
 * await bank.accounts.open('acc-ada', { owner: 'Ada' })
 * await bank.projection.runOnce()
 * await bank.view.balance('acc-ada')
 * ```
 */
export function createBank(provider: Provider, view: BankView = new MemoryBankView()) {
  const { domain, createHandler } = createBankDomain(provider)
  const accounts = createAccountCommands(domain.account, { retries: 3 })
  const projection = createBankProjection(createHandler, view)
  return {
    domain,
    accounts,
    view,
    projection,
    /**
     * Commands on the same accounts that never retry, on a domain without the aggregate
     * cache: each command reads the account from the store, so of two racing commands the
     * loser surfaces as `VersionConflictError`. (With the cache, a command whose cached
     * state turns out stale is run once more on the fresh state instead.)
     */
    accountsNoRetry: createAccountCommands(createBankDomain(provider, 0).domain.account, { retries: 0 }),
    /** See {@link transfer}. */
    transfer: (request: TransferRequest) => transfer(accounts, request),
  }
}

/** What {@link createBank} returns. */
export type Bank = ReturnType<typeof createBank>
