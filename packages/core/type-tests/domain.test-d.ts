// Type-level tests of createDomain: compiled by `pnpm typecheck`, never run.
import { createDomain, type AggregateState, type StoredEvent } from '../src/index.js'
import { createMemoryProvider } from '../src/memory/index.js'
import { account, user, type Account, type AccountEvent, type Equal, type Expect } from './model.js'

const { domain } = createDomain({ provider: createMemoryProvider() }, { account, user })

export async function domainTypes() {
  const acc = await domain.account.getAggregate('a-1')
  type _State = Expect<Equal<typeof acc, AggregateState<Account>>>
  const version: number = acc.version
  const id: string = acc.aggregateId

  const events = await domain.account.getEvents('a-1')
  type _Events = Expect<Equal<typeof events, StoredEvent<AccountEvent, 'account'>[]>>
  void events

  await domain.account.append('a-1', [{ type: 'deposited', amount: 1 }], { expectedVersion: version })
  // @ts-expect-error a 'user' event cannot be appended to the account stream
  await domain.account.append(id, [{ type: 'created', name: 'x' }], { expectedVersion: 0 })
  // @ts-expect-error the payload must match its event type
  await domain.account.append(id, [{ type: 'deposited', amount: '1' }], { expectedVersion: 0 })
  // @ts-expect-error the expected version is required
  await domain.account.append(id, [{ type: 'deposited', amount: 1 }], {})

  const stored = await domain.user.append('u-1', [{ type: 'created', name: 'ada' }], { expectedVersion: 0 })
  const stream: 'user' = stored[0]!.stream
  void stream

  // @ts-expect-error no aggregate named `order` in this domain
  void domain.order
}
