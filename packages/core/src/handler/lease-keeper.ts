import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { LeaseHolder, Provider } from '../provider.js'

/** The timings of an exclusive handler's lease, validated. */
export interface LeaseSettings {
  /** How long a granted or renewed lease lasts on the store's clock. */
  leaseMs: number
  /** How often the active process renews it. */
  renewMs: number
  /** How often a standby process tries to take it. */
  standbyPollMs: number
}

/** What the keeper tells the handler about its lease. */
export interface LeaseEvents {
  acquired(token: number): void
  lost(token: number): void
  released(token: number): void
  /** A renewal failed (the store could not be reached): the lease stays valid until its local deadline. */
  renewFailed(error: unknown): void
}

/**
 * Holds one lease for one handler object: takes it, renews it on a timer while held, and
 * tells whether it is still valid here. Validity is measured on this process's monotonic
 * clock from the moment each request was sent, minus a margin, so it always ends before
 * the store's expiry does: once this process treats the lease as gone, no other process
 * can have it yet, and it stops handling events before another one starts.
 */
export interface LeaseKeeper {
  readonly lease: string
  readonly owner: string
  /** The holder (owner and token) while the lease is valid here; `undefined` otherwise. */
  holder(): LeaseHolder | undefined
  /**
   * The holder to fence a bookmark write with: the last lease granted, even past its local
   * deadline (the store decides), until it is lost or released.
   */
  fence(): LeaseHolder | undefined
  /** Milliseconds the lease stays valid here (0 when not held). */
  validForMs(): number
  /** Takes or renews the lease now; true when held afterwards. Rejects when the store fails. */
  acquire(): Promise<boolean>
  /** Renews the lease every `renewMs` until `stopRenewing()` or until it is lost. */
  startRenewing(): void
  /** Stops the renewal timer and waits for a renewal in flight. */
  stopRenewing(): Promise<void>
  /** Forgets the lease after the store refused a fenced write (it went to another owner). */
  markLost(): void
  /** Stops renewing and gives the lease up in the store so a standby takes over at once. */
  release(): Promise<void>
}

/** An owner id that says where it runs: host, process id and a random part. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
}

/** Makes the keeper of lease `lease` on `provider` (which must have the lease methods). */
export function createLeaseKeeper(provider: Provider, lease: string, settings: LeaseSettings, events: LeaseEvents): LeaseKeeper {
  const owner = newLeaseOwner()
  // The local deadline ends before the store's: a margin for clock rates and scheduling.
  const validMs = settings.leaseMs - Math.min(Math.floor(settings.leaseMs / 10), 2000)
  let held: { token: number; validUntil: number } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let renewing = false
  let inFlight: Promise<unknown> = Promise.resolve()

  const now = () => performance.now()
  const drop = () => {
    const token = held?.token
    held = undefined
    if (token !== undefined) events.lost(token)
  }

  const acquire = async (): Promise<boolean> => {
    const sentAt = now()
    const token = await provider.acquireLease!({ name: lease, owner, ttlMs: settings.leaseMs })
    if (token === undefined) {
      drop()
      return false
    }
    const fresh = held === undefined || held.token !== token
    held = { token, validUntil: sentAt + validMs }
    if (fresh) events.acquired(token)
    return true
  }

  const schedule = () => {
    if (!renewing) return
    timer = setTimeout(() => {
      timer = undefined
      const renewal = acquire().then(
        (ok) => {
          if (!ok) renewing = false
        },
        (error: unknown) => events.renewFailed(error),
      )
      inFlight = renewal.finally(schedule)
    }, settings.renewMs)
  }

  return {
    lease,
    owner,
    holder() {
      if (held === undefined) return undefined
      if (now() >= held.validUntil) return undefined
      return { owner, token: held.token }
    },
    fence: () => (held === undefined ? undefined : { owner, token: held.token }),
    validForMs: () => (held === undefined ? 0 : Math.max(0, Math.round(held.validUntil - now()))),
    acquire,
    startRenewing() {
      if (renewing) return
      renewing = true
      schedule()
    },
    async stopRenewing() {
      renewing = false
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      await inFlight.catch(() => undefined)
    },
    markLost: drop,
    async release() {
      renewing = false
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      await inFlight.catch(() => undefined)
      const token = held?.token
      held = undefined
      if (token === undefined) return
      await provider.releaseLease!(lease, { owner, token })
      events.released(token)
    },
  }
}
