import { AsyncLocalStorage } from 'node:async_hooks'
import { LeaseError, ValidationError, isLeaseError } from '../errors.js'
import { MAX_PAGE_SIZE } from '../guard/limits.js'
import { checkNameFits } from '../guard/provider-limits.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger, assertName, assertPosition } from '../guard/validate-request.js'
import { START_POSITION, type Position } from '../position.js'
import type { StoredEvent } from '../envelope.js'
import type { Provider } from '../provider.js'
import { getFailedEvent } from './failed-event.js'
import { callHook, createStatusTracker } from './handler-status.js'
import { createLeaseKeeper, type LeaseKeeper } from './lease-keeper.js'
import { partitionBookmark, partitionOf } from './partition.js'
import { PUSH_FOLLOW_UPS_MS, startPushWakeups } from './push-wakeups.js'
import { checkProductionOptions } from './production-options.js'
import { isFinalFailure } from './retry-policy.js'
import type { Handler, HandleFunction, HandlerOptions, RunResult, StreamEventMap } from './handler-types.js'
import { runBatches, type Routes } from './run-batches.js'
import { moveToEndIfNew } from './start-at-end.js'

/** Default handler options. */
export const HANDLER_DEFAULTS = {
  /** Events read (and handled) per batch. */
  batchSize: 100,
  /** Milliseconds between polls once caught up. */
  tailInterval: 200,
  /** First pause after a failed run, in milliseconds. */
  retryInitialMs: 100,
  /** Longest pause between failed runs, in milliseconds. */
  retryMaxMs: 10_000,
} as const

/** The keys a handler's options object may have; any other is refused. */
const HANDLER_OPTION_KEYS = [
  'batchSize',
  'tailInterval',
  'continueOnError',
  'onError',
  'retryDelay',
  'onRetry',
  'startAtEnd',
  'exclusive',
  'partition',
  'retry',
  'hooks',
  'push',
  'transactional',
] as const

function checkOptions(options: HandlerOptions) {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', HANDLER_OPTION_KEYS)
  if (options.retryDelay !== undefined) {
    if (typeof options.retryDelay !== 'object' || options.retryDelay === null) {
      throw new ValidationError('options.retryDelay', 'must be { initialMs?, maxMs? }')
    }
    refuseUnknownKeys(options.retryDelay, 'options.retryDelay', ['initialMs', 'maxMs'])
  }
  const batchSize = options.batchSize ?? HANDLER_DEFAULTS.batchSize
  const tailInterval = options.tailInterval ?? HANDLER_DEFAULTS.tailInterval
  const initialMs = options.retryDelay?.initialMs ?? HANDLER_DEFAULTS.retryInitialMs
  const maxMs = options.retryDelay?.maxMs ?? Math.max(HANDLER_DEFAULTS.retryMaxMs, initialMs)
  assertInteger(batchSize, 'options.batchSize', 1, MAX_PAGE_SIZE)
  assertInteger(tailInterval, 'options.tailInterval', 0)
  assertInteger(initialMs, 'options.retryDelay.initialMs', 1)
  assertInteger(maxMs, 'options.retryDelay.maxMs', initialMs)
  for (const key of ['startAtEnd', 'push', 'transactional'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new ValidationError(`options.${key}`, 'must be a boolean')
  }
  for (const key of ['onError', 'onRetry'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') throw new ValidationError(`options.${key}`, 'must be a function')
  }
  return { batchSize, tailInterval, initialMs, maxMs, continueOnError: options.continueOnError === true, push: options.push !== false }
}

/**
 * The `transactional` option: needs a provider that runs handler batches in its
 * transactions (capability `transactionalHandlers`, method `transaction`).
 */
function checkTransactional(options: HandlerOptions, provider: Provider): boolean {
  if (options.transactional !== true) return false
  if (provider.capabilities?.transactionalHandlers !== true || typeof provider.transaction !== 'function') {
    throw new ValidationError(
      'options.transactional',
      `the ${provider.name} provider cannot save a bookmark in the handler's own transaction (no 'transactionalHandlers' capability), so handlers cannot be transactional on it`,
    )
  }
  return true
}

/** The handlers whose functions (`handle()`, `onError`) the current async context runs inside. */
const delivering = new AsyncLocalStorage<ReadonlySet<object>>()

/** The state of one `start()` loop: its stop flag, its sleep's timer and wake-up, and its push flags. */
interface LoopState {
  stopped: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  wake: (() => void) | undefined
  /** The loop sleeps between polls (not a retry backoff or a standby wait): a push may cut it short. */
  tailing: boolean
  /** An append was pushed since the current run started: look again instead of sleeping. */
  pushed: boolean
}

/**
 * Makes a handler bound to `provider`, reading `streams` (all of them in `known`). Used by
 * the `createHandler` that `createDomain` returns, which is typed by the domain.
 */
export function createHandlerFor<M extends StreamEventMap>(
  provider: Provider,
  known: ReadonlySet<string>,
  name: string,
  streams: readonly string[],
  options: HandlerOptions = {},
): Handler<M> {
  assertName(name, 'name')
  // The bookmark is saved under the name: refuse a name the database cannot hold now,
  // not after the first batch was handled.
  checkNameFits(provider.capabilities ?? {}, 'bookmark', name, 'name')
  if (!Array.isArray(streams) || streams.length === 0) throw new ValidationError('streams', 'must be a non-empty array of stream names')
  streams.forEach((stream, index) => {
    if (!known.has(stream)) throw new ValidationError(`streams[${index}]`, `'${String(stream)}' is not a stream of this domain`)
  })
  const settings = checkOptions(options)
  const production = checkProductionOptions(options, provider)
  const transactional = checkTransactional(options, provider)
  const { hooks, partition } = production
  // A partition keeps its own bookmark (and lease); it must fit the store as the name does.
  const bookmark = partition === undefined ? name : partitionBookmark(name, partition)
  if (partition !== undefined) checkNameFits(provider.capabilities ?? {}, 'bookmark', bookmark, 'name')
  const accept = partition === undefined ? undefined : (event: StoredEvent) => partitionOf(event.aggregateId, partition.count) === partition.index
  const streamList = [...new Set(streams)]
  const routes: Routes = new Map(streamList.map((stream) => [stream, new Map()]))

  // Marks this handler's own functions, to refuse calls that would wait for themselves.
  const token = {}
  // The set for the common case (called from this handler's own run, outside any other
  // delivery) is made once, not once per event.
  const alone: ReadonlySet<object> = new Set([token])
  const inside = <T>(fn: () => T): T => {
    const outer = delivering.getStore()
    return delivering.run(outer === undefined ? alone : outer.has(token) ? outer : new Set([...outer, token]), fn)
  }
  const isInside = () => delivering.getStore()?.has(token) === true
  const refuseInside = (method: string) => {
    if (isInside()) {
      throw new ValidationError(
        `${method}()`,
        `cannot be called from inside this handler's own handle() or onError functions: it would wait for the delivery that is calling it`,
      )
    }
  }
  const onError = options.onError
  const guardedOnError = onError === undefined ? undefined : (error: unknown, event: StoredEvent) => inside(() => onError(error, event))

  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work)
    queue = result.catch(() => undefined)
    return result
  }

  // startAtEnd: the first run in this process moves a handler without a bookmark to the
  // end of its streams; reset() and setPosition() count as the user's own choice of start.
  let startDecided = options.startAtEnd !== true

  let keeper: LeaseKeeper | undefined
  const status = createStatusTracker(hooks, () => {
    const holder = keeper?.holder()
    return holder === undefined ? undefined : { name: bookmark, ...holder, validForMs: keeper!.validForMs() }
  })
  if (production.exclusive !== undefined) {
    const leaseChange = (change: 'acquired' | 'lost' | 'released') => (token: number) =>
      callHook(hooks.onLease, { change, lease: bookmark, owner: keeper!.owner, token })
    keeper = createLeaseKeeper(provider, bookmark, production.exclusive, {
      acquired: leaseChange('acquired'),
      lost: leaseChange('lost'),
      released: leaseChange('released'),
      renewFailed: (error) => {
        status.failed(error, undefined)
        callHook(hooks.onFailure, error, { event: undefined, attempt: 0 })
      },
    })
  }
  const lease = keeper

  // Each start() makes its own loop state, so a stop() only ever stops its own loop.
  let current: LoopState | undefined
  let lastLoop: Promise<void> = Promise.resolve()

  // The retry policy's waits outside start() mode (runOnce): a plain timer.
  const plainPause = (ms: number) => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))

  // One run, not serialised: callers hold the queue. An exclusive handler stops starting
  // events once its lease could have expired here.
  const runNow = async (shouldStop: () => boolean, pause: (ms: number) => Promise<boolean>): Promise<RunResult> => {
    if (!startDecided) {
      await moveToEndIfNew(provider, bookmark, streamList)
      startDecided = true
    }
    return runBatches({
      provider,
      name,
      bookmark,
      streams: streamList,
      batchSize: settings.batchSize,
      routes,
      continueOnError: settings.continueOnError,
      onError: guardedOnError,
      shouldStop: lease === undefined ? shouldStop : () => shouldStop() || lease.holder() === undefined,
      accept,
      retry: production.retry,
      pause,
      lease,
      status,
      hooks,
      transactional,
    })
  }

  const run = (shouldStop: () => boolean, pause: (ms: number) => Promise<boolean>): Promise<RunResult> =>
    serial(() => runNow(shouldStop, pause))

  // runOnce() of an exclusive handler: takes the lease for the run, and gives it back after
  // unless start() mode holds it.
  const runOnceExclusive = (keeper: LeaseKeeper): Promise<RunResult> =>
    serial(async () => {
      const looping = current !== undefined && !current.stopped
      if (keeper.holder() === undefined && !(await keeper.acquire())) {
        throw new LeaseError({ handler: name, lease: bookmark, reason: 'held' })
      }
      if (looping) return runNow(() => false, plainPause)
      keeper.startRenewing()
      try {
        return await runNow(() => false, plainPause)
      } finally {
        await keeper.release().catch(() => undefined)
      }
    })

  const sleep = (loop: LoopState, ms: number) =>
    new Promise<void>((resolve) => {
      loop.wake = resolve
      loop.timer = setTimeout(resolve, ms)
    }).finally(() => {
      // A wake-up (a push, stop()) ends the sleep before its timer: clear it.
      if (loop.timer !== undefined) clearTimeout(loop.timer)
      loop.timer = undefined
      loop.wake = undefined
    })

  // The retry policy's waits in start() mode: cut short by stop().
  const loopPause = (loop: LoopState) => async (ms: number) => {
    if (!loop.stopped) await sleep(loop, ms)
    return !loop.stopped
  }

  /** An exclusive loop's turn without the lease: try to take it; false means wait (standby). */
  const takeLease = async (keeper: LeaseKeeper): Promise<boolean> => {
    try {
      if (!(await keeper.acquire())) {
        status.setState('standby')
        return false
      }
    } catch (error) {
      status.failed(error, undefined)
      status.setState('retrying')
      callHook(hooks.onFailure, error, { event: undefined, attempt: 0 })
      return false
    }
    keeper.startRenewing()
    return true
  }

  // A push wakes a loop sleeping between polls; during a run it only marks that the log
  // should be read again, so a burst of notifications costs one more read per batch.
  const pushWake = (loop: LoopState) => () => {
    loop.pushed = true
    if (loop.tailing) loop.wake?.()
  }

  const runLoop = async (loop: LoopState): Promise<void> => {
    const wakeups = settings.push ? startPushWakeups(provider, streamList, status, hooks, pushWake(loop)) : undefined
    try {
      await loopUntilStopped(loop)
    } finally {
      await wakeups?.close()
      if (lease !== undefined) await lease.release().catch(() => undefined)
      if (status.snapshot().state !== 'failed') status.setState('idle')
    }
  }

  const loopUntilStopped = async (loop: LoopState): Promise<void> => {
    let failures = 0
    let failedOn: string | undefined
    // Index into PUSH_FOLLOW_UPS_MS after a wake-up; -1: no follow-up pending.
    let followUp = -1
    while (!loop.stopped) {
      let delay: number = settings.tailInterval
      let tail = true
      if (lease !== undefined && lease.holder() === undefined && !(await takeLease(lease))) {
        if (!loop.stopped) await sleep(loop, production.exclusive!.standbyPollMs)
        continue
      }
      status.setState('running')
      if (loop.pushed) followUp = 0
      loop.pushed = false
      try {
        await run(() => loop.stopped, loopPause(loop))
        failures = 0
        status.succeeded()
        if (loop.pushed) {
          delay = 0
        } else if (followUp >= 0 && followUp < PUSH_FOLLOW_UPS_MS.length) {
          delay = Math.min(delay, PUSH_FOLLOW_UPS_MS[followUp]!)
          followUp++
        } else {
          followUp = -1
        }
      } catch (error) {
        tail = false
        followUp = -1
        // The lease went to another process: stand by at once (the next turn tries to take it back).
        if (isLeaseError(error)) continue
        const failedEvent = getFailedEvent(error)
        status.failed(error, failedEvent)
        callHook(hooks.onFailure, error, { event: failedEvent, attempt: 0 })
        if (isFinalFailure(error)) {
          // The dead letter said stop: no retry.
          status.setState('failed')
          loop.stopped = true
          break
        }
        status.setState('retrying')
        // A failure on another event than last time means the retry made progress: a new streak.
        if (failures > 0 && failedEvent?.id !== failedOn) failures = 0
        failedOn = failedEvent?.id
        failures++
        delay = Math.min(settings.initialMs * 2 ** Math.min(failures - 1, 30), settings.maxMs)
        try {
          const logged: unknown = options.onRetry?.(error, { attempt: failures, delayMs: delay, event: failedEvent })
          // A failing logger must not stop the handler: sync throws and async rejections alike.
          void Promise.resolve(logged).catch(() => undefined)
        } catch {
          // (see above)
        }
      }
      // (Even a 0 ms sleep goes through a timer: the loop yields to other work.)
      if (loop.stopped) continue
      loop.tailing = tail
      try {
        await sleep(loop, delay)
      } finally {
        loop.tailing = false
      }
    }
  }

  const handler: Handler<M> = {
    name,
    streams: streamList,
    get running() {
      return current !== undefined && !current.stopped
    },
    handle(stream: string, type: string, fn: HandleFunction<any, any>) {
      const byType = routes.get(stream)
      if (byType === undefined) throw new ValidationError('stream', `'${String(stream)}' is not one of this handler's streams`)
      assertName(type, 'type')
      if (typeof fn !== 'function') throw new ValidationError('fn', 'must be a function')
      const guarded: HandleFunction<any, any, unknown> = (aggregateId, event, envelope, tx) =>
        inside(() => fn(aggregateId, event, envelope, tx as undefined))
      byType.set(type, [...(byType.get(type) ?? []), guarded])
    },
    handleStream(stream: string, handlers: Record<string, HandleFunction<any, any> | undefined>) {
      if (!routes.has(stream)) throw new ValidationError('stream', `'${String(stream)}' is not one of this handler's streams`)
      if (typeof handlers !== 'object' || handlers === null) throw new ValidationError('handlers', 'must be an object of functions by event type')
      for (const [type, fn] of Object.entries(handlers)) {
        if (fn !== undefined) handler.handle(stream as never, type as never, fn)
      }
    },
    async runOnce() {
      refuseInside('runOnce')
      return lease === undefined ? run(() => false, plainPause) : runOnceExclusive(lease)
    },
    start() {
      if (current !== undefined && !current.stopped) return
      const loop: LoopState = { stopped: false, timer: undefined, wake: undefined, tailing: false, pushed: false }
      // A loop still finishing (its stop() not resolved yet) ends first: one loop at a time.
      lastLoop = lastLoop.then(() => runLoop(loop)).catch(() => undefined)
      current = loop
    },
    async stop() {
      const loop = current
      if (loop !== undefined) {
        loop.stopped = true
        if (loop.timer !== undefined) clearTimeout(loop.timer)
        loop.wake?.()
      }
      // From inside a delivery, waiting would wait for this very call: only request the stop.
      if (isInside()) return
      await lastLoop
      await queue
    },
    async reset() {
      refuseInside('reset')
      return serial(async () => {
        await provider.setBookmark(bookmark, START_POSITION)
        startDecided = true
      })
    },
    async setPosition(position: Position) {
      refuseInside('setPosition')
      assertPosition(position, 'position')
      return serial(async () => {
        await provider.setBookmark(bookmark, position)
        startDecided = true
      })
    },
    getPosition: () => provider.getBookmark(bookmark),
    bookmark,
    get status() {
      return status.snapshot()
    },
  }
  return handler
}
