import type { AppendListener, AppendSubscription, Provider } from '../provider.js'
import { callHook, type HandlerHooks, type StatusTracker } from './handler-status.js'

/** The push side of one `start()` loop; see {@link startPushWakeups}. */
export interface PushWakeups {
  /**
   * Stops listening: resolves once the provider's subscription is closed (errors ignored),
   * or at once when subscribing has not settled yet (it is closed when it does).
   */
  close(): Promise<void>
}

/**
 * After a wake-up, the loop looks at the log again this many ms later, one after the
 * other, before it goes back to `tailInterval`: the notification comes at commit, but
 * the log read may still hold the event back behind an older transaction that is open
 * for a moment (see rule 3 of the `Provider` contract), and no second notification
 * comes for it.
 */
export const PUSH_FOLLOW_UPS_MS = [25, 50, 100, 200, 400, 800] as const

/**
 * Subscribes one running handler to its provider's append notifications (when the
 * provider has `subscribeAppends`): `wake` is called for appends to one of `streams`,
 * and once when the subscription starts or resumes listening (appends in the gap went
 * unreported). A failure to subscribe, or a lost subscription, is reported like a store
 * failure (`status.lastError`, `hooks.onFailure`) and in `status.push`; the handler polls
 * meanwhile. Nothing here is needed for correctness: the loop reads the log as always.
 */
export function startPushWakeups(
  provider: Provider,
  streams: readonly string[],
  status: StatusTracker,
  hooks: HandlerHooks,
  wake: () => void,
): PushWakeups {
  const subscribe = provider.subscribeAppends
  if (typeof subscribe !== 'function') return { close: async () => undefined }
  const mine = new Set(streams)
  let closed = false
  const report = (error: unknown) => {
    if (closed) return
    status.setPush('interrupted')
    status.failed(error, undefined)
    callHook(hooks.onFailure, error, { event: undefined, attempt: 0 })
  }
  const listener: AppendListener = {
    appended(names) {
      if (closed) return
      if (names === undefined || names.some((stream) => mine.has(stream))) wake()
    },
    interrupted: report,
    resumed() {
      if (closed) return
      status.setPush('listening')
      wake()
    },
  }
  status.setPush('starting')
  // Set once subscribing settled: close() waits for the subscription's close only then, so
  // a subscription that never settles (a pool with no free connection) cannot hang stop().
  let settled: { subscription: AppendSubscription | undefined } | undefined
  let opening: Promise<AppendSubscription | undefined>
  try {
    opening = subscribe.call(provider, listener).then(
      (subscription) => {
        if (!closed && status.snapshot().push === 'starting') {
          status.setPush('listening')
          wake()
        }
        return subscription
      },
      (error: unknown) => {
        report(error)
        return undefined
      },
    )
  } catch (error) {
    report(error)
    opening = Promise.resolve(undefined)
  }
  void opening.then((subscription) => (settled = { subscription }))
  return {
    async close() {
      closed = true
      status.setPush('off')
      if (settled === undefined) {
        // Still subscribing: close it whenever it is done, without waiting here.
        void opening.then((subscription) => subscription?.close()).catch(() => undefined)
        return
      }
      await settled.subscription?.close().catch(() => undefined)
    },
  }
}
