import type { Position, Provider, StoredEvent } from '@evtstore/core'

/**
 * What a running handler was given, and which of its bookmark saves failed. An event
 * delivered again is excused only if it was delivered before a save that failed (the
 * bookmark stayed behind it, so at-least-once delivery hands it over again); any other
 * repeat is a fault.
 */
export interface DeliveryLedger {
  /** Deliveries per event id. */
  readonly counts: ReadonlyMap<string, number>
  /** The first delivery of each event, in delivery order. */
  readonly firsts: readonly StoredEvent[]
  /** Ids delivered before a bookmark save that failed: they may come again. */
  readonly atRisk: ReadonlySet<string>
  /** performance.now() of every delivery. */
  readonly deliveredAt: readonly number[]
  /** Bookmark saves that threw. */
  readonly failedSaves: number
  /** Bookmark saves that worked. */
  readonly savedBookmarks: number
  /** Records one delivery (call from the handler function). */
  delivered(event: StoredEvent): void
  /** The provider to give the domain: the same store, its bookmark saves counted. */
  readonly provider: Provider
  /** Deliveries beyond the first, in total. */
  duplicates(): number
  /** Repeated ids that no failed bookmark save explains. */
  unexplainedRepeats(): string[]
}

/**
 * Wraps `provider` so that every `setBookmark` of the handler is watched.
 * @example
 * const ledger = createDeliveryLedger(provider)
 * const { createHandler } = createDomain({ provider: ledger.provider }, { fault })
 * createHandler('h', ['fault']).handle('fault', 'noted', (_id, _e, env) => ledger.delivered(env))
 */
export function createDeliveryLedger(provider: Provider): DeliveryLedger {
  const counts = new Map<string, number>()
  const firsts: StoredEvent[] = []
  const atRisk = new Set<string>()
  const deliveredAt: number[] = []
  // delivered since the last bookmark save that worked
  let sinceSave: string[] = []
  let failedSaves = 0
  let savedBookmarks = 0

  const setBookmark = async (name: string, position: Position) => {
    try {
      await provider.setBookmark(name, position)
    } catch (error) {
      failedSaves++
      for (const id of sinceSave) atRisk.add(id)
      sinceSave = []
      throw error
    }
    savedBookmarks++
    sinceSave = []
  }
  const watched = new Proxy(provider, {
    get(target, key) {
      if (key === 'setBookmark') return setBookmark
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })

  return {
    counts,
    firsts,
    atRisk,
    deliveredAt,
    get failedSaves() {
      return failedSaves
    },
    get savedBookmarks() {
      return savedBookmarks
    },
    provider: watched,
    delivered(event) {
      const seen = counts.get(event.id) ?? 0
      counts.set(event.id, seen + 1)
      if (seen === 0) firsts.push(event)
      sinceSave.push(event.id)
      deliveredAt.push(performance.now())
    },
    duplicates: () => [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
    unexplainedRepeats: () => [...counts].filter(([id, n]) => n > 1 && !atRisk.has(id)).map(([id]) => id),
  }
}
