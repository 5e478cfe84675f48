// Type-level tests of createAggregate: compiled by `pnpm typecheck`, never run.
// Each `@ts-expect-error` must stay an error; tsc fails on one that no longer is.
import { createAggregate, type Aggregate, type EventOf, type StateOf, type StreamOf } from '../src/index.js'
import { account, type Account, type AccountEvent, type Equal, type Expect } from './model.js'

export type StreamIsLiteral = Expect<Equal<StreamOf<typeof account>, 'account'>>
export type EventsInferred = Expect<Equal<EventOf<typeof account>, AccountEvent>>
export type StateInferred = Expect<Equal<StateOf<typeof account>, Account>>

// @ts-expect-error the stream of `account` is 'account', not any string
export const wrongStream: 'user' = account.stream

createAggregate({
  stream: 'account',
  create: (): Account => ({ owner: '', balance: 0, open: false }),
  fold: (ev: AccountEvent, state: Account): Partial<Account> => {
    // @ts-expect-error `amount` exists only once the fold has narrowed on `type`
    void ev.amount
    if (ev.type === 'deposited') {
      // The envelope and the payload narrow together.
      const amount: number = ev.amount
      return { balance: state.balance + amount }
    }
    // @ts-expect-error after the check, `ev` is the 'opened' event: it has no amount
    void ev.amount
    return { owner: ev.owner }
  },
})

createAggregate({
  stream: 'account',
  create: (): Account => ({ owner: '', balance: 0, open: false }),
  // @ts-expect-error a fold returns changes to the state, not unknown fields
  fold: (_ev: AccountEvent): Partial<Account> => ({ color: 'red' }),
})

// Explicit generics, in the documented order <E, A, S>.
export const explicit: Aggregate<'account', AccountEvent, Account> = createAggregate<AccountEvent, Account, 'account'>({
  stream: 'account',
  create: () => ({ owner: '', balance: 0, open: false }),
  fold: (ev, state, meta) => {
    const stream: 'account' = meta.stream
    void stream
    return ev.type === 'deposited' ? { balance: state.balance + ev.amount } : { owner: ev.owner }
  },
})
