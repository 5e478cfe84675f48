// Shared test fixtures: a small bank domain and a provider wrapper that counts calls.
import { createAggregate } from '../src/aggregate.js'
import type { StoredEvent } from '../src/envelope.js'
import type { Provider } from '../src/provider.js'

export type AccountEvent =
  | { type: 'opened'; owner: string }
  | { type: 'deposited'; amount: number }
  | { type: 'withdrawn'; amount: number }
  | { type: 'tagged'; tags: string[] }

export type Account = { owner: string; balance: number; open: boolean; tags: string[]; history: { amount: number }[] }

export const account = createAggregate({
  stream: 'account',
  create: (): Account => ({ owner: '', balance: 0, open: false, tags: [], history: [] }),
  fold: (ev: AccountEvent, state: Account, _envelope: StoredEvent<AccountEvent, 'account'>): Partial<Account> => {
    switch (ev.type) {
      case 'opened':
        return { owner: ev.owner, open: true }
      case 'deposited':
        // Mutates the nested array in place on purpose: folds get a private copy.
        state.history.push({ amount: ev.amount })
        return { balance: state.balance + ev.amount }
      case 'withdrawn':
        state.history.push({ amount: -ev.amount })
        return { balance: state.balance - ev.amount }
      case 'tagged':
        return { tags: [...state.tags, ...ev.tags] }
    }
  },
})

export type UserEvent = { type: 'created'; name: string } | { type: 'renamed'; name: string }
export type User = { name: string }

export const user = createAggregate({
  stream: 'user',
  create: (): User => ({ name: '' }),
  fold: (ev: UserEvent): Partial<User> => ({ name: ev.name }),
})

export type Calls = { [K in keyof Provider]?: number }

/** Wraps a provider and counts calls per method; `fail` makes a method throw. */
export function countingProvider(inner: Provider) {
  const calls: Record<string, number> = {}
  const fail: Record<string, unknown> = {}
  const count = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1
    if (fail[method] !== undefined) throw fail[method]
  }
  const provider: Provider = {
    name: 'counting',
    append: async (r) => (count('append'), inner.append(r)),
    readAggregate: async (r) => (count('readAggregate'), inner.readAggregate(r)),
    readLog: async (r) => (count('readLog'), inner.readLog(r)),
    getBookmark: async (n) => (count('getBookmark'), inner.getBookmark(n)),
    setBookmark: async (n, p) => (count('setBookmark'), inner.setBookmark(n, p)),
  }
  return { provider, calls, fail }
}

export function randomId(prefix = 'id'): string {
  return `${prefix}-${Math.random().toString(36).slice(2)}`
}
