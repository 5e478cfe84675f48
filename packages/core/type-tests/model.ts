// A small two-stream domain shared by the type-level tests.
import { createAggregate, type StoredEvent } from '../src/index.js'

/** Compile-time equality of two types. */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false
/** Fails to compile unless `T` is `true`. */
export type Expect<T extends true> = T

export type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }
export type Account = { owner: string; balance: number; open: boolean }

export type UserEvent = { type: 'created'; name: string } | { type: 'renamed'; name: string }
export type User = { name: string }

export const account = createAggregate({
  stream: 'account',
  create: (): Account => ({ owner: '', balance: 0, open: false }),
  fold: (ev: AccountEvent, state: Account, _meta: StoredEvent<AccountEvent, 'account'>): Partial<Account> => {
    switch (ev.type) {
      case 'opened':
        return { owner: ev.owner, open: true }
      case 'deposited':
        return { balance: state.balance + ev.amount }
    }
  },
})

export const user = createAggregate({
  stream: 'user',
  create: (): User => ({ name: '' }),
  fold: (ev: UserEvent): Partial<User> => ({ name: ev.name }),
})
