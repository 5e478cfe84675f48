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
export type Routes = Map<string, Map<string, HandleFunction<any, string, unknown>[]>>

/** Where a bookmark is written: the provider, or one of its open transactions. */
type BookmarkWriter = Pick<Provider, 'setBookmark' | 'setFencedBookmark'>

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
  /** Each batch in one provider transaction (`transactional: true`), the bookmark saved in it. */
  transactional: boolean
}

/** What handling one batch came to: the last consumed event, and the failure that ended it early. */
interface BatchOutcome {
  last: Position
  lastEvent: StoredEvent | undefined
  consumed: StoredEvent[]
  failure: { error: unknown; event: StoredEvent } | undefined
}

/**
 * Calls an event's functions in order. A function that returns no promise is not awaited:
 * a synchronous handler costs no extra turn of the event loop per event.
 */
function deliver(routes: Routes, event: StoredEvent, tx: unknown): Promise<void> | undefined {
  const type = (event.event as { type: string }).type
  const functions = routes.get(event.stream)?.get(type)
  if (functions === undefined) return undefined
  for (let i = 0; i < functions.length; i++) {
    const result: unknown = functions[i]!(event.aggregateId, event.event, event, tx)
    if (isThenable(result)) return finishDelivery(result, functions, i + 1, event, tx)
  }
  return undefined
}

/** The rest of `deliver` once a function returned a promise: each later function awaited in turn. */
async function finishDelivery(
  pending: PromiseLike<unknown>,
  functions: HandleFunction<any, string, unknown>[],
  from: number,
  event: StoredEvent,
  tx: unknown,
): Promise<void> {
  await pending
  for (let i = from; i < functions.length; i++) await functions[i]!(event.aggregateId, event.event, event, tx)
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/**
 * Saves the bookmark; for an exclusive handler only while the store still sees this
 * process as the lease's holder (the fence). A refused write means another process has
 * the lease: the run ends with `LeaseError` (reason `'lost'`) and nothing is written.
 */
async function saveBookmark(run: BatchRun, position: Position, writer: BookmarkWriter = run.provider): Promise<void> {
  if (run.lease === undefined) {
    await writer.setBookmark(run.bookmark, position)
    return
  }
  const fence = run.lease.fence()
  const saved = fence !== undefined && (await writer.setFencedBookmark!(run.bookmark, position, fence))
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
  const read = new PageReader(run)
  try {
    while (!run.shouldStop()) {
      const batch = await read.after(position)
      if (batch.length > 0) read.ahead(batch[batch.length - 1]!.position)
      const result = await handleRead(run, batch, position)
      if (result === undefined) break
      handled += result.consumed
      position = result.position
    }
  } finally {
    await read.settle()
  }
  return { handled, position }
}

/**
 * Reads the log's pages, one page ahead: while a batch is being handled (and its bookmark
 * saved), the page after it is already being read. The page read ahead is used only when
 * the next read starts exactly where it did (the whole batch was consumed); otherwise it
 * is dropped and the page read afresh. A read ahead that fails is read again, so its error
 * surfaces where the handler expects it.
 */
class PageReader {
  #pending: { after: Position; page: Promise<StoredEvent[]> } | undefined

  constructor(private readonly run: BatchRun) {}

  /** The page after `after`: the one read ahead when it starts there, else a fresh read. */
  async after(after: Position): Promise<StoredEvent[]> {
    const pending = this.#pending
    this.#pending = undefined
    if (pending !== undefined && pending.after === after) {
      try {
        return await pending.page
      } catch {
        // read again below: the error (if it persists) belongs to this read
      }
    } else if (pending !== undefined) {
      await pending.page.catch(() => undefined)
    }
    return this.#read(after)
  }

  /** Starts reading the page after `after` now. */
  ahead(after: Position): void {
    const page = this.#read(after)
    page.catch(() => undefined) // awaited (or dropped) by the next `after` or by `settle`
    this.#pending = { after, page }
  }

  /** Waits for a read still in flight, so that a finished run leaves no query behind. */
  async settle(): Promise<void> {
    const pending = this.#pending
    this.#pending = undefined
    if (pending !== undefined) await pending.page.catch(() => undefined)
  }

  #read(after: Position): Promise<StoredEvent[]> {
    return this.run.provider.readLog({ streams: this.run.streams, after, limit: this.run.batchSize })
  }
}

/**
 * Handles one batch read after `position` and saves the bookmark after it. Resolves to
 * what was consumed and the new position, or `undefined` when the batch was empty.
 */
async function handleRead(
  run: BatchRun,
  batch: StoredEvent[],
  position: Position,
): Promise<{ consumed: number; position: Position } | undefined> {
  const readAt = performance.now()
  run.status.read(position, batch, batch.length >= run.batchSize)
  if (batch.length === 0) return undefined
  const outcome = run.transactional ? await handleInTransaction(run, batch, position) : await handleBatch(run, batch, position)
  const { last, lastEvent, failure } = outcome
  if (last !== position) {
    // (A transactional batch saved it in its transaction already.)
    if (!run.transactional) await saveBookmark(run, last)
    if (run.transactional) for (const event of outcome.consumed) run.status.consumed(event)
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
  return { consumed: outcome.consumed.length, position: last }
}

/**
 * Delivers a batch's events in order, one at a time, through `deliverOne`, until one fails
 * (without `continueOnError`) or the run should stop.
 */
async function consumeBatch(
  run: BatchRun,
  batch: StoredEvent[],
  position: Position,
  deliverOne: (event: StoredEvent) => Promise<void> | undefined,
  onConsumed: (event: StoredEvent) => void,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { last: position, lastEvent: undefined, consumed: [], failure: undefined }
  for (const event of batch) {
    if (run.shouldStop()) break
    if (run.accept === undefined || run.accept(event)) {
      try {
        if (run.retry === undefined) {
          const pending = deliverOne(event)
          if (pending !== undefined) await pending
        } else {
          const result = await deliverWithRetry(() => deliverOne(event), event, run.retry, {
            bookmark: run.bookmark,
            pause: run.pause,
            onFailure: (error, attempt) => callHook(run.hooks.onFailure, error, { event, attempt }),
          })
          if (result === 'stopped') break
          if (result === 'dead-lettered') run.status.deadLettered()
        }
      } catch (error) {
        if (!run.continueOnError) {
          outcome.failure = { error, event }
          break
        }
        try {
          await run.onError?.(error, event)
        } catch (onErrorFailure) {
          outcome.failure = { error: onErrorFailure, event }
          break
        }
      }
    }
    outcome.last = event.position
    outcome.lastEvent = event
    outcome.consumed.push(event)
    onConsumed(event)
  }
  return outcome
}

/** A batch outside any transaction: the functions get no `tx`; the caller saves the bookmark. */
function handleBatch(run: BatchRun, batch: StoredEvent[], position: Position): Promise<BatchOutcome> {
  return consumeBatch(run, batch, position, (event) => deliver(run.routes, event, undefined), (event) => run.status.consumed(event))
}

/**
 * A batch in one provider transaction: each event's functions in a savepoint (a failing
 * event's writes are undone, the others' kept), then the bookmark at the last consumed
 * event, then the commit — so the batch's writes and its bookmark are stored together or
 * not at all. A lost lease (the fenced write refused) rolls everything back.
 */
function handleInTransaction(run: BatchRun, batch: StoredEvent[], position: Position): Promise<BatchOutcome> {
  return run.provider.transaction!(async (transaction) => {
    const outcome = await consumeBatch(
      run,
      batch,
      position,
      (event) => transaction.savepoint(async (tx) => deliver(run.routes, event, tx)),
      () => undefined,
    )
    if (outcome.last !== position) await saveBookmark(run, outcome.last, transaction)
    return outcome
  })
}
