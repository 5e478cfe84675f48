import { createAggregate } from '@evtstore/core'

/** A transfer an event belongs to: its id and the account on the other side. */
export interface TransferRef {
  id: string
  counterparty: string
}

/**
 * Everything that can happen to a bank account. Amounts are whole cents, so sums stay
 * exact.
 */
export type AccountEvent =
  | { type: 'opened'; owner: string }
  | { type: 'deposited'; amount: number; transfer?: TransferRef }
  | { type: 'withdrawn'; amount: number; transfer?: TransferRef }
  | { type: 'refunded'; amount: number; transferId: string; reason: string }
  | { type: 'closed' }

/** The state a command sees: folded from the account's events. */
export interface Account {
  owner: string
  balance: number
  status: 'unknown' | 'open' | 'closed'
}

/**
 * Folds one event into the account state, returning only the fields that change.
 *
 * @example
 * ```ts
 * foldAccount({ type: 'deposited', amount: 500 }, { owner: 'ada', balance: 100, status: 'open' })
 * // { balance: 600 }
 * ```
 */
export function foldAccount(ev: AccountEvent, state: Account): Partial<Account> {
  switch (ev.type) {
    case 'opened':
      return { owner: ev.owner, status: 'open', balance: 0 }
    case 'deposited':
    case 'refunded':
      return { balance: state.balance + ev.amount }
    case 'withdrawn':
      return { balance: state.balance - ev.amount }
    case 'closed':
      return { status: 'closed' }
  }
}

/**
 * The `account` aggregate: stream name, empty state and fold.
 *
 * @example
 * ```ts
 * const { domain } = createDomain({ provider }, { account })
 * const acc = await domain.account.getAggregate('acc-ada') // { owner, balance, status, aggregateId, version }
 * ```
 */
export const account = createAggregate({
  stream: 'account',
  create: (): Account => ({ owner: '', balance: 0, status: 'unknown' }),
  fold: foldAccount,
})
