// Type-level tests of createHandler: compiled by `pnpm typecheck`, never run.
import { createDomain, type StoredEvent } from '../src/index.js'
import { createMemoryProvider } from '../src/memory/index.js'
import { account, user, type Equal, type Expect } from './model.js'

const { createHandler } = createDomain({ provider: createMemoryProvider() }, { account, user })

const balances = createHandler('balances', ['account'])

balances.handle('account', 'deposited', async (aggregateId, event, envelope) => {
  type _Event = Expect<Equal<typeof event, { type: 'deposited'; amount: number }>>
  type _Envelope = Expect<Equal<typeof envelope, StoredEvent<{ type: 'deposited'; amount: number }, 'account'>>>
  const id: string = aggregateId
  void [id, event, envelope]
})

balances.handle('account', 'opened', (_id, event) => {
  // @ts-expect-error an 'opened' event has no amount
  void event.amount
})

// @ts-expect-error 'user' is a stream of the domain but not one this handler reads
balances.handle('user', 'created', () => {})

// @ts-expect-error 'closed' is not an event type of the account stream
balances.handle('account', 'closed', () => {})

// @ts-expect-error 'created' belongs to the user stream, not to account
balances.handle('account', 'created', () => {})

// @ts-expect-error 'order' is not a stream of this domain
createHandler('orders', ['order'])

const both = createHandler('audit', ['account', 'user'], { continueOnError: true, onError: (_err, event) => void event.position })
both.handle('user', 'renamed', (_id, event) => {
  const name: string = event.name
  void name
})

// A transactional handler's functions get the provider's transaction type as `tx`; others get undefined.
interface ModelTx {
  run(sql: string): Promise<void>
}
declare const transactionalProvider: import('../src/index.js').Provider<ModelTx>
const txDomain = createDomain({ provider: transactionalProvider }, { account })
const projected = txDomain.createHandler('projected', ['account'], { transactional: true })
projected.handle('account', 'deposited', async (_id, _event, _envelope, tx) => {
  type _Tx = Expect<Equal<typeof tx, ModelTx>>
  await tx.run('UPDATE balances SET amount = amount + 1')
})
txDomain.createHandler('plain', ['account']).handle('account', 'deposited', (_id, _event, _envelope, tx) => {
  type _NoTx = Expect<Equal<typeof tx, undefined>>
  void tx
})
