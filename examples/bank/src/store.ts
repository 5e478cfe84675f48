import type { Provider } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'

/** The event store the example runs on, and how to release it. */
export interface BankStore {
  provider: Provider
  /** Says where the events live, for the walkthrough's first line. */
  description: string
  close(): Promise<void>
}

/**
 * The only place that picks the provider. Today: the in-memory provider that ships with
 * core. Swap this function's body for a database provider (for example SQLite through
 * `@evtstore/provider-knex`) and the rest of the example runs unchanged.
 *
 * @example
 * ```ts
 * const store = await openStore()
 * try { createBank(store.provider) } finally { await store.close() }
 * ```
 */
export async function openStore(): Promise<BankStore> {
  return {
    provider: createMemoryProvider(),
    description: 'in-memory provider (@evtstore/core/memory): events vanish when the process exits',
    close: async () => {},
  }
}
