import type { StoredEvent } from './envelope.js'
import { ValidationError } from './errors.js'
import { parseSnapshotOptions, type SnapshotOptions } from './domain/snapshot-options.js'
import { refuseUnknownKeys } from './guard/known-options.js'
import { assertName } from './guard/validate-request.js'

/** The least an event payload is: an object discriminated on a string `type`. */
export type EventShape = {
  /** The event's name, the discriminant of the event union (`'Deposited'`, say). */
  type: string
}

/** A loaded aggregate: the folded state plus its id and version (0 when it has no events). */
export type AggregateState<A> = A & {
  /** The aggregate's id. */
  aggregateId: string
  /** The version of its last event folded in: 0 for an aggregate with no events. */
  version: number
}

/**
 * The definition of one aggregate type (one stream): how to create the empty state and
 * how each event changes it. Made with {@link createAggregate}.
 *
 * @typeParam S - the stream name, a string literal type such as `'account'`.
 * @typeParam E - the events of the stream, a union discriminated on `type`.
 * @typeParam A - the state.
 */
export interface Aggregate<S extends string, E extends EventShape, A extends object> {
  /** The stream name: every event of this aggregate type is stored under it. */
  readonly stream: S
  /** Returns a fresh empty state: the state of an aggregate with no events. */
  readonly create: () => A
  /** Returns the fields that `event` changes; they are merged over `state`. */
  readonly fold: (event: E, state: A, envelope: StoredEvent<E, S>) => Partial<A>
  /** Snapshot settings, when the aggregate stores snapshots; see {@link SnapshotOptions}. */
  readonly snapshot?: SnapshotOptions
}

/** Any aggregate definition. */
export type AnyAggregate = Aggregate<any, any, any>

/** The stream name of an aggregate definition. */
export type StreamOf<T> = T extends Aggregate<infer S, any, any> ? S : never
/** The event union of an aggregate definition. */
export type EventOf<T> = T extends Aggregate<any, infer E, any> ? E : never
/** The state type of an aggregate definition. */
export type StateOf<T> = T extends Aggregate<any, any, infer A> ? A : never

/**
 * Defines an aggregate type. `stream` is kept as a string literal type; the event union
 * and the state are taken from the `fold` and `create` annotations (or give the generics
 * explicitly: `createAggregate<AccountEvent, Account, 'account'>(...)`).
 *
 * @example
 * ```ts
 * type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number }
 * type Account = { owner: string; balance: number }
 *
 * const account = createAggregate({
 *   stream: 'account',
 *   create: (): Account => ({ owner: '', balance: 0 }),
 *   fold: (ev: AccountEvent, state: Account): Partial<Account> => {
 *     switch (ev.type) {
 *       case 'opened': return { owner: ev.owner }
 *       case 'deposited': return { balance: state.balance + ev.amount }
 *     }
 *   },
 * })
 * ```
 */
export function createAggregate<E extends EventShape, A extends object, S extends string>(definition: {
  stream: S
  create: () => A
  fold: (event: E, state: A, envelope: StoredEvent<E, S>) => Partial<A>
  /** Store snapshots of the folded state; see {@link SnapshotOptions}. The state must then be JSON. */
  snapshot?: SnapshotOptions
}): Aggregate<S, E, A> {
  if (typeof definition !== 'object' || definition === null) throw new ValidationError('aggregate', 'must be an object')
  refuseUnknownKeys(definition, 'aggregate', ['stream', 'create', 'fold', 'snapshot'])
  assertName(definition.stream, 'aggregate.stream')
  if (typeof definition.create !== 'function') throw new ValidationError('aggregate.create', 'must be a function')
  if (typeof definition.fold !== 'function') throw new ValidationError('aggregate.fold', 'must be a function')
  const snapshot = definition.snapshot === undefined ? undefined : parseSnapshotOptions(definition.snapshot, 'aggregate.snapshot')
  return Object.freeze({
    stream: definition.stream,
    create: definition.create,
    fold: definition.fold,
    ...(snapshot === undefined ? {} : { snapshot }),
  })
}
