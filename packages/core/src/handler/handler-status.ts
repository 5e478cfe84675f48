import type { StoredEvent } from '../envelope.js'
import type { Position } from '../position.js'

/**
 * What a handler is doing:
 * - `idle`: never started, or stopped (`runOnce()` may still be called);
 * - `running`: started and working (handling events, or caught up and polling);
 * - `standby`: started, exclusive, and another process holds the lease: this one waits to take over;
 * - `retrying`: started, and the last run failed; it runs again after a backoff;
 * - `failed`: stopped by itself after an event went to the dead letter with `afterDeadLetter: 'stop'`.
 */
export type HandlerState = 'idle' | 'running' | 'standby' | 'retrying' | 'failed'

/**
 * Whether push wake-ups reach a started handler (see `HandlerOptions.push`):
 * - `off`: not started, `push: false`, or the provider cannot push: the handler polls;
 * - `starting`: started, subscribing (polling meanwhile);
 * - `listening`: subscribed: an append to one of its streams wakes it at once;
 * - `interrupted`: the subscription failed or lost its connection: the handler polls
 *   every `tailInterval` until the provider listens again (reported through `onFailure`).
 */
export type PushState = 'off' | 'starting' | 'listening' | 'interrupted'

/** The last failure a handler saw. */
export interface HandlerFailure {
  /** What was thrown. */
  error: unknown
  /** The event whose handler function failed; undefined when the store failed. */
  event: StoredEvent | undefined
  /** When it failed. */
  at: Date
}

/** A snapshot of a handler's state, from `handler.status`. */
export interface HandlerStatus {
  /** What the handler is doing now; see {@link HandlerState}. */
  state: HandlerState
  /** The last read found nothing after the last handled event (as of `checkedAt`). */
  caughtUp: boolean
  /** The bookmark as this handler last read or saved it; undefined before the first run. */
  position: Position | undefined
  /**
   * Events read and not handled yet. When `lagEventsComplete` is false the last page was
   * full, so more may be waiting beyond them. Undefined while nothing was read (standby, idle).
   */
  lagEvents: number | undefined
  /** Whether `lagEvents` counts every waiting event (the last read reached the end of the log). */
  lagEventsComplete: boolean
  /** How old the oldest waiting event is (ms); 0 when caught up; undefined while unknown. */
  lagMs: number | undefined
  /** Events consumed (the bookmark moved past them) since this handler object was made. */
  handled: number
  /** Events given to the dead letter since this handler object was made. */
  deadLettered: number
  /** The last failure (a handler function's or the store's); cleared by the next successful run. */
  lastError: HandlerFailure | undefined
  /** For exclusive handlers: the lease while this process holds it. */
  lease:
    | {
        /** The lease's name: the handler's (or partition's) bookmark name. */
        name: string
        /** This process's owner id. */
        owner: string
        /** The fencing token: grows whenever the lease passes to another owner. */
        token: number
        /** Milliseconds until the lease expires unless renewed, as of the last renewal. */
        validForMs: number
      }
    | undefined
  /** When the log was last read. */
  checkedAt: Date | undefined
  /** Whether appends wake this handler at once; see {@link PushState}. */
  push: PushState
}

/** What `onBatch` is told after each batch whose bookmark was saved. */
export interface BatchInfo {
  /** The handler's bookmark name (`name#index/count` for a partition). */
  bookmark: string
  /** Events read in the batch. */
  events: number
  /** Of them, consumed (handled or skipped as another partition's, or dead-lettered). */
  consumed: number
  /** The saved bookmark. */
  position: Position
  /** Milliseconds from reading the batch to saving its bookmark. */
  durationMs: number
  /** Age of the batch's last event when it was handled (ms). */
  lagMs: number
}

/** A change of an exclusive handler's lease, for `onLease`. */
export interface LeaseChange {
  /** What happened to the lease. */
  change: 'acquired' | 'lost' | 'released'
  /** The lease (and bookmark) name. */
  lease: string
  /** This process's owner id. */
  owner: string
  /** The lease's fencing token. */
  token: number
}

/**
 * Callbacks to wire a handler to logs and metrics. They are not awaited; an exception or
 * a rejected promise from one is ignored, so a failing logger never stops a handler.
 *
 * @example
 * ```ts
 * createHandler('balances', ['account'], {
 *   hooks: {
 *     onStateChange: (status, previous) => log.info({ from: previous, to: status.state }, 'balances'),
 *     onBatch: (b) => metrics.histogram('balances.batch_ms', b.durationMs),
 *     onFailure: (err, info) => log.warn({ err, event: info.event?.id, attempt: info.attempt }),
 *   },
 * })
 * ```
 */
export interface HandlerHooks {
  /** The state changed (see {@link HandlerState}). */
  onStateChange?(status: HandlerStatus, previous: HandlerState): void | Promise<void>
  /** A batch was handled and its bookmark saved. */
  onBatch?(info: BatchInfo): void | Promise<void>
  /** The handler reached the end of the log (after being behind, or on its first read). */
  onCaughtUp?(status: HandlerStatus): void | Promise<void>
  /** The lease was acquired, lost or released. */
  onLease?(change: LeaseChange): void | Promise<void>
  /**
   * A delivery or a run failed: every failed attempt of a retry policy, a failing store,
   * a lease renewal that could not reach the store. `attempt` counts tries of one event.
   */
  onFailure?(error: unknown, info: { event: StoredEvent | undefined; attempt: number }): void | Promise<void>
}

/** Calls a hook without letting it throw or reject into the handler. */
export function callHook<A extends unknown[]>(hook: ((...args: A) => void | Promise<void>) | undefined, ...args: A): void {
  if (hook === undefined) return
  try {
    void Promise.resolve(hook(...args)).catch(() => undefined)
  } catch {
    // A failing hook must not stop the handler.
  }
}

/** The live status of one handler object, kept by its runtime. */
export interface StatusTracker {
  snapshot(): HandlerStatus
  setState(state: HandlerState): void
  /** A page was read after `position`; `full` when it had `batchSize` events. */
  read(position: Position, events: readonly StoredEvent[], full: boolean): void
  consumed(event: StoredEvent): void
  deadLettered(): void
  saved(position: Position): void
  failed(error: unknown, event: StoredEvent | undefined): void
  succeeded(): void
  setPush(push: PushState): void
}

/** Makes the status of one handler; `lease` reads the current lease for snapshots. */
export function createStatusTracker(hooks: HandlerHooks, lease: () => HandlerStatus['lease']): StatusTracker {
  let state: HandlerState = 'idle'
  let caughtUp = false
  let position: Position | undefined
  let pending: StoredEvent[] = []
  let lastPageFull = false
  let known = false
  let handled = 0
  let deadLettered = 0
  let lastError: HandlerFailure | undefined
  let checkedAt: Date | undefined
  let push: PushState = 'off'

  const snapshot = (): HandlerStatus => {
    const oldest = pending[0]
    const lagMs = !known ? undefined : oldest === undefined ? 0 : Math.max(0, Date.now() - oldest.timestamp.getTime())
    return {
      state,
      caughtUp,
      position,
      lagEvents: known ? pending.length : undefined,
      lagEventsComplete: known && !lastPageFull,
      lagMs,
      handled,
      deadLettered,
      lastError,
      lease: lease(),
      checkedAt,
      push,
    }
  }

  return {
    snapshot,
    setState(next) {
      if (next === state) return
      const previous = state
      state = next
      if (next === 'standby' || next === 'idle') known = false
      callHook(hooks.onStateChange, snapshot(), previous)
    },
    read(at, events, full) {
      checkedAt = new Date()
      position = at
      pending = [...events]
      lastPageFull = full
      known = true
      const wasCaughtUp = caughtUp
      caughtUp = events.length === 0
      if (caughtUp && !wasCaughtUp) callHook(hooks.onCaughtUp, snapshot())
    },
    consumed(event) {
      if (pending[0]?.id === event.id) pending.shift()
      handled++
    },
    deadLettered() {
      deadLettered++
    },
    saved(at) {
      position = at
    },
    failed(error, event) {
      lastError = { error, event, at: new Date() }
    },
    succeeded() {
      lastError = undefined
    },
    setPush(next) {
      push = next
    },
  }
}
