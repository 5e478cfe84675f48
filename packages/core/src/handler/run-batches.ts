import type { StoredEvent } from '../envelope.js'
import type { Position } from '../position.js'
import type { Provider } from '../provider.js'
import { markFailedEvent } from './failed-event.js'
import type { HandleFunction, RunResult } from './handler-types.js'

/** Registered functions: stream → event type → functions in registration order. */
export type Routes = Map<string, Map<string, HandleFunction<any, string>[]>>

/** Everything one run needs. */
export interface BatchRun {
  provider: Provider
  name: string
  streams: string[]
  batchSize: number
  routes: Routes
  continueOnError: boolean
  onError: ((error: unknown, event: StoredEvent) => void | Promise<void>) | undefined
  /** Checked before each event: true ends the run early (after saving the bookmark). */
  shouldStop: () => boolean
}

async function deliver(routes: Routes, event: StoredEvent): Promise<void> {
  const type = (event.event as { type: string }).type
  const functions = routes.get(event.stream)?.get(type)
  if (functions === undefined) return
  for (const fn of functions) await fn(event.aggregateId, event.event, event)
}

/**
 * Reads batches after the bookmark until an empty batch and delivers each event in
 * position order, one at a time. The bookmark is saved once per batch, after the batch;
 * when an event fails (without `continueOnError`) it is saved at the last handled event
 * and the run rejects with the handler's error, marked with the failing event.
 */
export async function runBatches(run: BatchRun): Promise<RunResult> {
  let position: Position = await run.provider.getBookmark(run.name)
  let handled = 0
  while (!run.shouldStop()) {
    const batch = await run.provider.readLog({ streams: run.streams, after: position, limit: run.batchSize })
    if (batch.length === 0) break
    let last = position
    let failure: { error: unknown; event: StoredEvent } | undefined
    for (const event of batch) {
      if (run.shouldStop()) break
      try {
        await deliver(run.routes, event)
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
      last = event.position
      handled++
    }
    if (last !== position) {
      await run.provider.setBookmark(run.name, last)
      position = last
    }
    if (failure !== undefined) throw markFailedEvent(failure.error, failure.event, run.name)
  }
  return { handled, position }
}
