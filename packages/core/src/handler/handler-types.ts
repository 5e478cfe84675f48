import type { EventShape } from '../aggregate.js'
import type { StoredEvent } from '../envelope.js'
import type { Position } from '../position.js'
import type { HandlerHooks, HandlerStatus } from './handler-status.js'
import type { PartitionOption } from './partition.js'
import type { RetryPolicy } from './retry-policy.js'

/** Options of `createHandler`. */
export interface HandlerOptions {
  /** Events read per provider call. The bookmark is saved once per batch, after it. Default 100. */
  batchSize?: number
  /** Milliseconds between polls once caught up, in `start()` mode. Default 200. */
  tailInterval?: number
  /**
   * `false` (default): a failing event stops the run at that event; the bookmark stays on
   * the last handled event, `runOnce()` rejects with the error, and `start()` mode retries
   * with backoff. `true`: `onError` is called and the handler moves on.
   */
  continueOnError?: boolean
  /**
   * With `continueOnError`: awaited with the error and the envelope of the event that
   * failed (without it, failures are skipped silently). If it throws, the run stops at
   * that event as if `continueOnError` were off.
   */
  onError?: (error: unknown, event: StoredEvent) => void | Promise<void>
  /**
   * `true`: a handler that has no bookmark yet (a new name, bookmark `'0'`) starts at the
   * end of its streams, handling only events appended after its first run — for side
   * effects such as sending mail, which must not replay history (evtstore@12's `tailStream`).
   * Its first run in a process saves the end position as its bookmark (found by reading the
   * log to its end, once); from then on it resumes from its bookmark like any handler.
   * `reset()` and `setPosition()` override it. Default `false`: start at the beginning.
   *
   * With an empty log there is no end to save: events appended before the handler's next
   * run are handled, but if the process restarts before the first event is handled, the
   * handler starts at the end again.
   */
  startAtEnd?: boolean
  /** Backoff between retries in `start()` mode: doubles from `initialMs` up to `maxMs`. Default 100 / 10 000. */
  retryDelay?: {
    /** The first pause, in milliseconds. */
    initialMs?: number
    /** The longest pause, in milliseconds. */
    maxMs?: number
  }
  /**
   * In `start()` mode, called when a run failed and will be retried (for logging). It is
   * not awaited; if it throws or its promise rejects, the error is ignored.
   */
  onRetry?: (error: unknown, info: RetryInfo) => void | Promise<void>
  /**
   * Of several processes running this handler (same name, same store), only one handles
   * events at a time; the others stand by and take over when it stops or dies. Needs a
   * provider with the `leases` capability. `true` uses the default timings; see
   * {@link ExclusiveOptions}.
   */
  exclusive?: boolean | ExclusiveOptions
  /**
   * Handles only the aggregates whose id hashes to partition `index` of `count`, with its
   * own bookmark (`name#index/count`) and, with `exclusive`, its own lease. Run one handler
   * per partition (in one process or spread over several) to share a projection while each
   * aggregate's events stay in order.
   */
  partition?: PartitionOption
  /**
   * Retries a failing event in place, then hands it to a dead letter and moves on or stops.
   * Cannot be combined with `continueOnError`. See {@link RetryPolicy}.
   */
  retry?: RetryPolicy
  /** Callbacks for logs and metrics; see {@link HandlerHooks}. */
  hooks?: HandlerHooks
  /**
   * In `start()` mode, on a provider with the `push` capability: subscribe to its append
   * notifications, so an append to one of the handler's streams wakes the caught-up
   * handler at once instead of at its next poll. Polling every `tailInterval` goes on
   * either way (it covers notifications that were missed). Default `true`; `false` polls
   * only. Ignored on providers that cannot push.
   */
  push?: boolean
  /**
   * Exactly-once on a provider with the `transactionalHandlers` capability (the SQL
   * providers): each batch runs in one database transaction of the provider's, every
   * handler function gets it as its fourth argument (`tx`) to write its projection
   * through, and the bookmark is saved in that transaction before it commits. A crash
   * leaves either the whole batch applied with its bookmark, or neither. Each event runs
   * in a savepoint: a failing event's writes are undone while the events before it
   * commit with the bookmark (as without the option, the run stops there, or moves on
   * with `continueOnError` or the retry policy). Writes to anything but `tx` (another
   * database, a mail) are still at-least-once. Default `false`; refused with a
   * `ValidationError` on a provider without the capability.
   */
  transactional?: boolean
}

/**
 * Timings of an exclusive handler. The active process renews its lease every `renewMs`;
 * when it dies, a standby takes over at most `leaseMs + standbyPollMs` (plus one round trip)
 * after its last renewal. After a clean `stop()` the lease is released and a standby takes
 * over within `standbyPollMs`. A handler function must finish within about `leaseMs`: the
 * active process stops starting new events once its lease could have expired, but cannot
 * interrupt one in flight.
 */
export interface ExclusiveOptions {
  /** How long a lease lasts without renewal, on the store's clock. Default 10,000 ms; at least 100. */
  leaseMs?: number
  /** How often the active process renews it. Default a third of `leaseMs`; less than `leaseMs * 0.9`. */
  renewMs?: number
  /** How often a standby tries to take it over. Default a third of `leaseMs`. */
  standbyPollMs?: number
}

/** What `onRetry` is told about a failed run. */
export interface RetryInfo {
  /**
   * 1 for the first retry of a failure streak, 2 for the next, ... A streak (and the
   * backoff) starts over after a successful run or when a run fails on another event.
   */
  attempt: number
  /** How long the handler waits before the retry. */
  delayMs: number
  /** The event whose handler failed, when a handler (not the provider) failed. */
  event: StoredEvent | undefined
}

/** What `runOnce()` resolves to. */
export interface RunResult {
  /** Events consumed by this run (the bookmark moved past them), with or without a matching `handle()`. */
  handled: number
  /** The bookmark after the run. */
  position: Position
}

/** Streams a handler can follow, each with its event union. */
export type StreamEventMap = { [stream: string]: EventShape }

/**
 * A function registered with `handle()`. `tx` is the provider's transaction for a handler
 * created with `transactional: true` (typed by the provider: a pg `PoolClient`, ...), and
 * `undefined` otherwise.
 */
export type HandleFunction<E, S extends string, Tx = undefined> = (
  aggregateId: string,
  event: E,
  envelope: StoredEvent<E, S>,
  tx: Tx,
) => void | Promise<void>

/**
 * An event handler (projection, process manager): reads the log of its streams in
 * position order and calls the functions registered with `handle()`. Made by the
 * `createHandler` that `createDomain` returns.
 *
 * @example
 * ```ts
 * const balances = createHandler('balances', ['account'], { batchSize: 200 })
 * balances.handle('account', 'deposited', async (id, ev) => db.add(id, ev.amount))
 * await balances.runOnce() // catch up now, e.g. in a test
 * balances.start()         // or keep following the log
 * await balances.stop()    // on shutdown: waits for the event in flight
 * ```
 */
export interface Handler<M extends StreamEventMap, Tx = undefined> {
  /** The handler's name; its bookmark is stored under it. */
  readonly name: string
  /** The streams it reads. */
  readonly streams: readonly (keyof M & string)[]
  /** True between `start()` and `stop()`. */
  readonly running: boolean
  /**
   * Registers `fn` for events of `type` in `stream`. Several functions for one type run
   * in registration order.
   */
  handle<S extends keyof M & string, T extends M[S]['type']>(
    stream: S,
    type: T,
    fn: HandleFunction<Extract<M[S], { type: T }>, S, Tx>,
  ): void
  /**
   * Registers one function per event type of `stream` at once: `handle(stream, type, fn)`
   * for each entry (evtstore@12's `handleStream`).
   *
   * @example
   * ```ts
   * balances.handleStream('account', {
   *   deposited: (id, ev) => add(id, ev.amount),
   *   withdrawn: (id, ev) => add(id, -ev.amount),
   * })
   * ```
   */
  handleStream<S extends keyof M & string>(
    stream: S,
    handlers: { [T in M[S]['type']]?: HandleFunction<Extract<M[S], { type: T }>, S, Tx> },
  ): void
  /**
   * Handles events until caught up (an empty batch). Concurrent calls run one after the other.
   * Rejects with `ValidationError` when called from inside this handler's own `handle()` or
   * `onError` functions (it would wait for itself).
   */
  runOnce(): Promise<RunResult>
  /** Runs `runOnce()` in a loop, waiting `tailInterval` ms when caught up. No timers exist before it. */
  start(): void
  /**
   * Stops the loop after the event in flight, saves the bookmark and clears every timer.
   * Called from inside this handler's own `handle()` function, it only requests the stop and
   * resolves at once (the loop ends after the current event).
   */
  stop(): Promise<void>
  /**
   * Moves the bookmark back to the start: the next run replays every event. Like `runOnce()`,
   * rejects with `ValidationError` from inside this handler's own functions.
   */
  reset(): Promise<void>
  /** Moves the bookmark to `position` (rejects from inside this handler's own functions, like `reset()`). */
  setPosition(position: Position): Promise<void>
  /** The saved bookmark. */
  getPosition(): Promise<Position>
  /** The bookmark (and lease) name: `name`, or `name#index/count` for a partition. */
  readonly bookmark: string
  /** What the handler is doing now: state, lag, position, last error, lease; see {@link HandlerStatus}. */
  readonly status: HandlerStatus
}
