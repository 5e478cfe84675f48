import type { AppendListener, AppendSubscription } from '../provider.js'
import { retryWithBackoff } from '../toolkit/retry-with-backoff.js'
import { quoteIdentifier } from '../toolkit/table-name.js'

/** What a driver tells {@link pgAppendSubscriptions} about its LISTEN connection. */
export interface PgListenEvents {
  /** A notification on the channel arrived, with its payload (the stream appended to). */
  notify(payload: string): void
  /** The connection is gone (an error, the server closed it): it will be closed and opened again. */
  lost(error: unknown): void
  /** The driver re-established the LISTEN by itself (postgres.js does): appends in the gap went unreported. */
  restored?(): void
}

/** One open LISTEN connection, as a driver adapter returns it. */
export interface PgListenConnection {
  /** Stops listening and frees the connection (never returns a listening connection to a pool as it is). */
  close(): Promise<void>
}

/**
 * Opens a dedicated connection that runs `LISTEN` on `channel` (quote it with
 * {@link pgListenStatement}) and reports through `events`; resolves once the `LISTEN` is in
 * place, rejects when it could not be set up.
 */
export type PgListen = (channel: string, events: PgListenEvents) => Promise<PgListenConnection>

/** Backoff between attempts to open the LISTEN connection again, in ms. */
export interface PgListenBackoff {
  /** The first wait before listening again, in milliseconds. */
  initialDelayMs?: number
  /** The longest wait between attempts, in milliseconds. */
  maxDelayMs?: number
}

/**
 * The `LISTEN` statement of a channel (a validated identifier, quoted).
 *
 * @example
 * ```ts
 * pgListenStatement('public_events_appends') // 'LISTEN "public_events_appends"'
 * ```
 */
export function pgListenStatement(channel: string): string {
  return `LISTEN ${quoteIdentifier(channel)}`
}

/**
 * `Provider.subscribeAppends` for a Postgres store: every append runs
 * `pg_notify(<channel>, <stream>)` (see `pgAppendStatement`), and this keeps one
 * dedicated LISTEN connection per provider for all its subscribers, opened by `listen`
 * on the first subscription and closed after the last one. When the connection is lost
 * (or cannot be opened), every subscriber is told `interrupted`, and it is opened again
 * with backoff (full jitter, `initialDelayMs` 100 doubling up to `maxDelayMs` 5,000)
 * until it listens — subscribers are then told `resumed` — or nobody subscribes anymore.
 * A subscription resolves after the first attempt, whether it listens or not.
 *
 * @example
 * ```ts
 * const subscribeAppends = pgAppendSubscriptions(tables.channel, (channel, events) =>
 *   pgClientListen(channel, events, () => pool.connect(), (client) => client.release(true)))
 * ```
 */
export function pgAppendSubscriptions(
  channel: string,
  listen: PgListen,
  backoff: PgListenBackoff = {},
): (listener: AppendListener) => Promise<AppendSubscription> {
  const listeners = new Set<AppendListener>()
  // Each run of the connection loop has its own generation: a stale one stops at once.
  let generation = 0
  let connection: PgListenConnection | undefined
  let interrupted: unknown = undefined
  let isInterrupted = false
  let firstAttempt: Promise<void> = Promise.resolve()

  const each = (call: (listener: AppendListener) => void) => {
    for (const listener of [...listeners]) {
      try {
        call(listener)
      } catch {
        // A subscriber's failure must not reach the driver or the other subscribers.
      }
    }
  }
  // The subscribers told about the current interruption (a late joiner is told once, too).
  let told = new WeakSet<AppendListener>()
  const interrupt = (error: unknown) => {
    interrupted = error
    isInterrupted = true
    told = new WeakSet(listeners)
    each((listener) => listener.interrupted?.(error))
  }
  const resume = () => {
    isInterrupted = false
    interrupted = undefined
    each((listener) => listener.resumed?.())
  }

  /** Opens the connection, retrying with backoff; resolves `first` after the first attempt. */
  const connect = (gen: number, first: () => void) => {
    const attempt = async () => {
      if (gen !== generation) return
      let lostOnce = false
      let opened: PgListenConnection | undefined
      const onLost = (error: unknown) => {
        if (lostOnce || gen !== generation) return
        lostOnce = true
        if (opened === undefined || connection !== opened) return
        connection = undefined
        void opened.close().catch(() => undefined)
        interrupt(error)
        connect(gen, () => undefined)
      }
      try {
        opened = await listen(channel, {
          notify: (payload) => {
            if (gen === generation && !lostOnce) each((listener) => listener.appended([payload]))
          },
          lost: onLost,
          restored: () => {
            if (gen === generation && !lostOnce) each((listener) => listener.resumed?.())
          },
        })
      } catch (error) {
        if (gen === generation && !isInterrupted) interrupt(error)
        throw error
      }
      if (gen !== generation) {
        await opened.close().catch(() => undefined)
        return
      }
      connection = opened
      if (isInterrupted) resume()
    }
    let attempts = 0
    void retryWithBackoff(
      async () => {
        attempts++
        try {
          await attempt()
        } finally {
          if (attempts === 1) first()
        }
      },
      {
        attempts: Number.POSITIVE_INFINITY,
        retryable: () => gen === generation,
        initialDelayMs: backoff.initialDelayMs ?? 100,
        maxDelayMs: backoff.maxDelayMs ?? 5_000,
      },
    ).catch(() => undefined)
  }

  return async (listener) => {
    listeners.add(listener)
    if (listeners.size === 1) {
      generation++
      isInterrupted = false
      interrupted = undefined
      firstAttempt = new Promise<void>((resolve) => connect(generation, resolve))
    }
    await firstAttempt
    // Joined while the connection is down: this subscriber hears it too.
    if (isInterrupted && listeners.has(listener) && !told.has(listener)) {
      told.add(listener)
      try {
        listener.interrupted?.(interrupted)
      } catch {
        // (as in `each`)
      }
    }
    let closed = false
    return {
      async close() {
        if (closed) return
        closed = true
        listeners.delete(listener)
        if (listeners.size > 0) return
        generation++
        const open = connection
        connection = undefined
        await open?.close().catch(() => undefined)
      },
    }
  }
}

/** The part of a node-postgres `Client` (or `PoolClient`, or knex's pg connection) a LISTEN uses. */
export interface PgNotifyingClient {
  /** Runs `LISTEN` / `UNLISTEN`. */
  query(text: string): Promise<unknown>
  /** Called with each notification on a channel this connection listens to. */
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown
  /** Called when the connection fails. */
  on(event: 'error', listener: (error: unknown) => void): unknown
  /** Called when the connection has closed. */
  on(event: 'end', listener: () => void): unknown
  /** Removes a listener added with `on`. */
  removeListener(event: string, listener: (...args: any[]) => void): unknown
}

/**
 * A {@link PgListen} on node-postgres clients: `acquire` hands out a connection kept for
 * the LISTEN alone (`pool.connect()`, knex's `acquireConnection()`), `release` gives it
 * back when the subscription ends or the connection broke (`broken`: destroy it rather
 * than pool it). An `'error'` listener is kept on the client for as long as it is
 * acquired, so a lost connection is reported, never thrown. `owned: false` says the
 * client is the caller's own (a single `pg.Client` given as the provider's client): it
 * then gets no listener of ours after the subscription ends, so its later errors reach
 * the caller's listeners as they would without us. Clients we own keep a silent one, as
 * a connection being destroyed may still report errors.
 *
 * @example
 * ```ts
 * const listen: PgListen = (channel, events) =>
 *   pgClientListen(channel, events, () => pool.connect(), (client) => client.release(true))
 * ```
 */
export async function pgClientListen<C extends PgNotifyingClient>(
  channel: string,
  events: PgListenEvents,
  acquire: () => Promise<C>,
  release: (client: C, broken: boolean) => unknown,
  { owned = true }: { owned?: boolean } = {},
): Promise<PgListenConnection> {
  const client = await acquire()
  let broken = false
  const onNotification = (message: { channel: string; payload?: string }) => {
    if (message.channel === channel && typeof message.payload === 'string') events.notify(message.payload)
  }
  const onError = (error: unknown) => {
    broken = true
    events.lost(error)
  }
  const onEnd = () => {
    broken = true
    events.lost(new Error(`the connection listening on ${channel} ended`))
  }
  client.on('notification', onNotification)
  client.on('error', onError)
  client.on('end', onEnd)
  let released = false
  const done = async () => {
    if (released) return
    released = true
    client.removeListener('notification', onNotification)
    client.removeListener('end', onEnd)
    try {
      if (!broken) await client.query(`UNLISTEN ${quoteIdentifier(channel)}`)
    } catch {
      broken = true
    }
    try {
      await release(client, broken)
    } catch {
      // Releasing a dead connection may throw: it is gone either way.
    }
    client.removeListener('error', onError)
    // Late errors of a broken connection we tear down must not crash the process.
    if (broken && owned) client.on('error', () => undefined)
  }
  try {
    await client.query(pgListenStatement(channel))
  } catch (error) {
    broken = true
    await done()
    throw error
  }
  return { close: done }
}
