import type { StoredEvent } from '../envelope.js'
import { LeaseError } from '../errors.js'
import type { Position } from '../position.js'
import type { Provider } from '../provider.js'
import { markFailedEvent } from './failed-event.js'
import { callHook, type HandlerHooks, type StatusTracker } from './handler-status.js'
import type { HandleFunction, RunResult } from './handler-types.js'
import type { LeaseKeeper } from './lease-keeper.js'
import { deliverWithRetry, type RetrySettings } from './retry-policy.js'

/** Registered functions: stream → event type → functions in registration order. */
export type Routes = Map<string, Map<string, HandleFunction<any, string>[]>>

/** Everything one run needs. */
export interface BatchRun {
  provider: Provider
  /** The handler's name, for errors. */
  name: string
  /** The bookmark (and lease) name: the handler's name, or `name#index/count` for a partition. */
  bookmark: string
  streams: string[]
  batchSize: number
  routes: Routes
  continueOnError: boolean
  onError: ((error: unknown, event: StoredEvent) => void | Promise<void>) | undefined
  /** Checked before each event: true ends the run early (after saving the bookmark). */
  shouldStop: () => boolean
  /** For a partition: whether an event is this partition's (others are passed over). */
  accept: ((event: StoredEvent) => boolean) | undefined
  /** The retry policy, if any. */
  retry: RetrySettings | undefined
  /** Waits `ms` between tries of the retry policy; resolves false when the handler is stopping. */
  pause: (ms: number) => Promise<boolean>
  /** For an exclusive handler: its lease, which fences every bookmark write. */
  lease: LeaseKeeper | undefined
  status: StatusTracker
  hooks: HandlerHooks
}

async function deliver(routes: Routes, event: StoredEvent): Promise<void> {
  const type = (event.event as { type: string }).type
  const functions = routes.get(event.stream)?.get(type)
  if (functions === undefined) return
  for (const fn of functions) await fn(event.aggregateId, event.event, event)
}

/**
 * Saves the bookmark; for an exclusive handler only while the store still sees this
 * process as the lease's holder (the fence). A refused write means another process has
 * the lease: the run ends with `LeaseError` (reason `'lost'`) and nothing is written.
 */
async function saveBookmark(run: BatchRun, position: Position): Promise<void> {
  if (run.lease === undefined) {
    await run.provider.setBookmark(run.bookmark, position)
    return
  }
  const fence = run.lease.fence()
  const saved = fence !== undefined && (await run.provider.setFencedBookmark!(run.bookmark, position, fence))
  if (!saved) {
    run.lease.markLost()
    throw new LeaseError({ handler: run.name, lease: run.bookmark, reason: 'lost' })
  }
}

/**
 * Reads batches after the bookmark until an empty batch and delivers each event in
 * position order, one at a time. The bookmark is saved once per batch, after the batch;
 * when an event fails (without `continueOnError`) it is saved at the last handled event
 * and the run rejects with the handler's error, marked with the failing event.
 */
export async function runBatches(run: BatchRun): Promise<RunResult> {
  let position: Position = await run.provider.getBookmark(run.bookmark)
  let handled = 0
  while (!run.shouldStop()) {
    const batch = await run.provider.readLog({ streams: run.streams, after: position, limit: run.batchSize })
    const readAt = performance.now()
    run.status.read(position, batch, batch.length >= run.batchSize)
    if (batch.length === 0) break
    let last = position
    let lastEvent: StoredEvent | undefined
    let failure: { error: unknown; event: StoredEvent } | undefined
    for (const event of batch) {
      if (run.shouldStop()) break
      if (run.accept === undefined || run.accept(event)) {
        try {
          if (run.retry === undefined) {
            await deliver(run.routes, event)
          } else {
            const outcome = await deliverWithRetry(() => deliver(run.routes, event), event, run.retry, {
              bookmark: run.bookmark,
              pause: run.pause,
              onFailure: (error, attempt) => callHook(run.hooks.onFailure, error, { event, attempt }),
            })
            if (outcome === 'stopped') break
            if (outcome === 'dead-lettered') run.status.deadLettered()
          }
        } catch (error) {
          if (!run.continueOnError) {
            failure = { error, event }
            break
          }
          try {
            await run.onError?.(error, event)
          } catch (onErrorFailure) {
            failure = { error: onErrorFailure, event }
            break
          }
        }
      }
      last = event.position
      lastEvent = event
      handled++
      run.status.consumed(event)
    }
    if (last !== position) {
      await saveBookmark(run, last)
      position = last
      run.status.saved(last)
      const consumed = batch.findIndex((e) => e === lastEvent) + 1
      callHook(run.hooks.onBatch, {
        bookmark: run.bookmark,
        events: batch.length,
        consumed,
        position: last,
        durationMs: Math.round(performance.now() - readAt),
        lagMs: lastEvent === undefined ? 0 : Math.max(0, Date.now() - lastEvent.timestamp.getTime()),
      })
    }
    if (failure !== undefined) throw markFailedEvent(failure.error, failure.event, run.name)
  }
  return { handled, position }
}
