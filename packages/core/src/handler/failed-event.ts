import type { StoredEvent } from '../envelope.js'

const failedEvents = new WeakMap<object, StoredEvent>()

/**
 * Marks `error` with the event whose handler threw it and returns the error to rethrow.
 * The error itself is kept (so `instanceof` and identity checks still work) and gets a
 * non-enumerable `event` property unless it already has one; a thrown non-object is
 * wrapped in an `Error` whose `cause` is the thrown value.
 */
export function markFailedEvent(error: unknown, event: StoredEvent, handler: string): unknown {
  let target: object
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    target = error
  } else {
    target = new Error(`handler '${handler}' failed on ${event.stream}/${event.aggregateId} v${event.version}: ${String(error)}`, {
      cause: error,
    })
  }
  failedEvents.set(target, event)
  if (Object.isExtensible(target) && !Object.prototype.hasOwnProperty.call(target, 'event')) {
    Object.defineProperty(target, 'event', { value: event, enumerable: false, configurable: true, writable: true })
  }
  return target
}

/**
 * The envelope of the event whose handler failed, for an error a handler's `runOnce()`
 * rejected with; undefined for other errors (e.g. a provider failure).
 *
 * @example
 * ```ts
 * try {
 *   await handler.runOnce()
 * } catch (err) {
 *   const event = getFailedEvent(err)
 *   console.error(`failed at ${event?.stream}/${event?.aggregateId} v${event?.version}`, err)
 * }
 * ```
 */
export function getFailedEvent(error: unknown): StoredEvent | undefined {
  if ((typeof error !== 'object' || error === null) && typeof error !== 'function') return undefined
  return failedEvents.get(error)
}
