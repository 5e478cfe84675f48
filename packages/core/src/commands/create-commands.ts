import type { AggregateState, EventShape } from '../aggregate.js'
import type { DomainAggregate } from '../domain/domain-aggregate.js'
import { storeOf } from '../domain/domain-aggregate.js'
import type { AggregateStore, Snapshot } from '../domain/aggregate-store.js'
import type { EventMeta } from '../envelope.js'
import { ValidationError, isCommandError, isDuplicateEventError, isVersionConflictError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger, assertName } from '../guard/validate-request.js'
import { deriveEventIds } from './derive-event-ids.js'

/** What a command handler may return: one event, several, or nothing. */
export type CommandResult<E> = E | readonly E[] | void | undefined

/**
 * A command handler: gets the command body and a read-only (deep-frozen) copy of the
 * aggregate, returns the events to append (or a promise of them), or throws
 * `CommandError` to reject the command.
 */
export type CommandHandler<B, E, A> = (
  cmd: B,
  agg: Readonly<AggregateState<A>>,
) => CommandResult<E> | Promise<CommandResult<E>>

/** Options of one command call. */
export interface CommandOptions {
  /**
   * Makes a retried command safe: event ids are derived from the key, and a command whose
   * events are already stored returns the current state without running the handler.
   * The check reads the aggregate's events from the start. A key identifies one command
   * call: the same key with another command name (or aggregate) is a different call.
   */
  idempotencyKey?: string
  /** Metadata stored with every event the command appends. */
  meta?: EventMeta
}

/** Options of {@link createCommands}. */
export interface CreateCommandsOptions {
  /** Re-run the whole command (load, handler, append) this many times on `VersionConflictError`. Default 0. */
  retries?: number
}

/** Command handlers of one aggregate type, by command name. */
export type CommandHandlers<E, A> = { [name: string]: CommandHandler<any, E, A> }

/** The body type of a command handler: its first parameter. */
export type CommandBody<F> = F extends (cmd: infer B, ...rest: any[]) => any ? B : never

/** The callable commands: `cmds.<name>(aggregateId, body, options?)` resolves to the new state. */
export type Commands<H, A> = {
  readonly [K in keyof H]: (aggregateId: string, body: CommandBody<H[K]>, options?: CommandOptions) => Promise<AggregateState<A>>
}

function checkOptions(options: CommandOptions | undefined): CommandOptions {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', ['idempotencyKey', 'meta'])
  if (options.idempotencyKey !== undefined) assertName(options.idempotencyKey, 'options.idempotencyKey')
  return options
}

/** One command call: which command, on which aggregate, with what. */
interface CommandCall {
  store: AggregateStore
  name: string
  handler: CommandHandler<unknown, unknown, object>
  aggregateId: string
  body: unknown
  options: CommandOptions
}

/** Runs the handler on `snapshot` and resolves to the payloads it returned (maybe none). */
async function decide(call: CommandCall, snapshot: Snapshot): Promise<unknown[]> {
  const { store, name, handler, aggregateId, body } = call
  let result: unknown
  try {
    result = await handler(body, store.view(aggregateId, snapshot, true) as AggregateState<object>)
  } catch (err) {
    if (isCommandError(err)) {
      err.command ??= name
      err.stream ??= store.stream
      err.aggregateId ??= aggregateId
    }
    throw err
  }
  return result === undefined || result === null ? [] : Array.isArray(result) ? [...result] : [result]
}

/**
 * The fast path: the handler runs on the cached state and the events are appended with
 * the cached version as the expected version — one round trip. The cache may be behind
 * the store (another process wrote), so whatever the cached state decided is checked
 * before it becomes the answer: an append refused with `VersionConflictError`, a
 * rejection or "no events" on a state that turns out stale all resolve to `undefined`,
 * and the caller runs the command again on the loaded state (`fresh`, when a load
 * already happened). A stale cache is never a user-visible conflict.
 */
async function runOnCached(call: CommandCall, cached: Snapshot): Promise<{ state: object } | { fresh: Snapshot | undefined }> {
  const { store, aggregateId, options } = call
  let payloads: unknown[]
  try {
    payloads = await decide(call, cached)
  } catch (err) {
    const fresh = await store.load(aggregateId)
    if (fresh.version === cached.version) throw err
    return { fresh }
  }
  if (payloads.length === 0) {
    const fresh = await store.load(aggregateId)
    return fresh.version === cached.version ? { state: store.view(aggregateId, fresh) } : { fresh }
  }
  try {
    const appended = await store.appendAfter(aggregateId, cached, payloads, { meta: options.meta })
    return { state: store.view(aggregateId, appended.snapshot) }
  } catch (err) {
    // The append evicted the cached state: the run on a loaded state reads it afresh.
    if (isVersionConflictError(err)) return { fresh: undefined }
    throw err
  }
}

/** One run on the loaded aggregate: read (after the cached version), handler, append. */
async function runLoaded(call: CommandCall, loaded?: Snapshot): Promise<object> {
  const { store, name, aggregateId, options } = call
  const key = options.idempotencyKey
  let snapshot: Snapshot
  if (key === undefined) {
    snapshot = loaded ?? (await store.load(aggregateId))
  } else {
    const withIds = await store.loadWithIds(aggregateId)
    if (withIds.ids.has(deriveEventIds(store.stream, aggregateId, name, key, 1)[0]!)) return store.view(aggregateId, withIds.snapshot)
    snapshot = withIds.snapshot
  }
  const payloads = await decide(call, snapshot)
  if (payloads.length === 0) return store.view(aggregateId, snapshot)
  const ids = key === undefined ? undefined : deriveEventIds(store.stream, aggregateId, name, key, payloads.length)
  try {
    const appended = await store.appendAfter(aggregateId, snapshot, payloads, { meta: options.meta, ids })
    return store.view(aggregateId, appended.snapshot)
  } catch (err) {
    // A concurrent run of the same idempotent command may have stored these events first.
    if (ids !== undefined && (isDuplicateEventError(err) || isVersionConflictError(err))) {
      const again = await store.loadWithIds(aggregateId)
      if (again.ids.has(ids[0]!)) return store.view(aggregateId, again.snapshot)
    }
    throw err
  }
}

/**
 * One attempt of a command: on the cached state when there is one (and no idempotency
 * key, which needs the ids of every stored event), else on the loaded state.
 */
async function runOnce(call: CommandCall): Promise<object> {
  const cached = call.options.idempotencyKey === undefined ? call.store.cached(call.aggregateId) : undefined
  if (cached === undefined) return runLoaded(call)
  const outcome = await runOnCached(call, cached)
  if ('state' in outcome) return outcome.state
  return runLoaded(call, outcome.fresh)
}

/**
 * Makes the commands of one aggregate type. Each command loads the aggregate, runs its
 * handler, appends what the handler returned with the loaded version as the expected
 * version, and resolves to the new state (folded from the stored events, no extra read).
 *
 * A command on an aggregate in the domain's cache costs one round trip: the handler runs
 * on the cached state and the append carries the cached version. Only when the cache
 * turns out to be behind the store (the append meets a `VersionConflictError`, or the
 * handler rejected or returned nothing on a state that was stale) is the aggregate read
 * and the command run once more on the fresh state — whatever `retries` says, since a
 * stale cache is not a conflict the caller caused. A conflict on the fresh state is a
 * real race and is handled as below.
 *
 * - A `CommandError` thrown by the handler gets `command`, `stream` and `aggregateId`
 *   filled in and is rethrown; nothing is appended.
 * - A lost race is a `VersionConflictError`; with `retries: n` the whole command is
 *   re-run up to n more times first.
 * - With `idempotencyKey`, a command whose events are already stored resolves to the
 *   current state without running the handler again.
 *
 * @example
 * ```ts
 * const cmds = createCommands(domain.account, {
 *   open(cmd: { owner: string }, agg) {
 *     if (agg.open) throw new CommandError('account already open')
 *     return { type: 'opened', owner: cmd.owner }
 *   },
 *   deposit: (cmd: { amount: number }) => ({ type: 'deposited', amount: cmd.amount }),
 * }, { retries: 2 })
 *
 * const acc = await cmds.open('a-1', { owner: 'ada' }, { idempotencyKey: 'req-42' })
 * ```
 */
export function createCommands<
  S extends string,
  E extends EventShape,
  A extends object,
  H extends CommandHandlers<E, A>,
>(domainAggregate: DomainAggregate<S, E, A>, handlers: H, options: CreateCommandsOptions = {}): Commands<H, A> {
  const store = storeOf(domainAggregate)
  if (typeof handlers !== 'object' || handlers === null) throw new ValidationError('handlers', 'must be an object of functions')
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', ['retries'])
  const retries = options.retries ?? 0
  assertInteger(retries, 'options.retries', 0)
  const commands: Record<string, unknown> = {}
  for (const name of Object.keys(handlers)) {
    const handler = (handlers as Record<string, unknown>)[name]
    if (typeof handler !== 'function') throw new ValidationError(`handlers.${name}`, 'must be a function')
    commands[name] = async (aggregateId: string, body: unknown, callOptions?: CommandOptions) => {
      const checked = checkOptions(callOptions)
      for (let attempt = 0; ; attempt++) {
        try {
          return await runOnce({ store, name, handler: handler as CommandHandler<unknown, unknown, object>, aggregateId, body, options: checked })
        } catch (err) {
          if (!isVersionConflictError(err) || attempt >= retries) throw err
        }
      }
    }
  }
  return Object.freeze(commands) as Commands<H, A>
}
