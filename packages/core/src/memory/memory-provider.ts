import type { EventMeta, JsonValue, StoredEvent } from '../envelope.js'
import { DuplicateEventError, ValidationError, VersionConflictError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { START_POSITION, type Position } from '../position.js'
import type { AggregateSnapshot, AppendListener, LeaseHolder, Provider } from '../provider.js'
import { defineProvider } from '../toolkit/define-provider.js'
import { limitOption } from '../toolkit/driver-option.js'
import { MAX_PAGE_SIZE } from '../guard/limits.js'
import { MAX_MEMORY_POSITION, parseSeedEvents, type MemoryRow, type SeedEvent } from './seed-events.js'

/** Options of {@link createMemoryProvider}. */
export interface MemoryProviderOptions {
  /** Largest page any read returns, whatever the caller asks. Default: 100,000, the most a read may ask for. */
  limit?: number
  /**
   * Stored events to start with, in position order: a fixture for tests, a demo's data, or
   * evtstore@12's seed array. Validated now (`ValidationError` naming the event): each
   * aggregate's versions run 1, 2, 3, ...; positions increase; ids (random UUIDs when
   * absent) are unique; payloads are JSON objects with a string `type`. New appends get
   * positions after the last one. The array is copied: changing it later changes nothing.
   */
  events?: readonly SeedEvent[]
}

type StoredRow = MemoryRow

/**
 * An event store in process memory, for tests, demos and prototypes. It behaves like the
 * database providers: payloads round-trip through JSON, versions are enforced, a
 * multi-event append is atomic, and it passes the same conformance suite. Data is lost
 * when the process exits.
 *
 * @example
 * ```ts
 * import { createDomain } from '@evtstore/core'
 * import { createMemoryProvider } from '@evtstore/core/memory'
 * const { domain, createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
 * ```
 */
export function createMemoryProvider(options: MemoryProviderOptions = {}): Provider {
  // 1. Options, validated before anything else happens.
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'must be an object')
  refuseUnknownKeys(options, 'options', ['limit', 'events'])
  const limit = limitOption(options.limit, 'options.limit', MAX_PAGE_SIZE)
  const log: StoredRow[] = options.events === undefined ? [] : parseSeedEvents(options.events, 'options.events')
  const aggregates = new Map<string, StoredRow[]>()
  const eventIds = new Set<string>()
  const bookmarks = new Map<string, Position>()
  // One snapshot per aggregate, kept as JSON text like the events.
  const snapshots = new Map<string, string>()
  const leases = new Map<string, { owner: string; token: number; expiresAt: number }>()
  const leaseHeld = (name: string, holder: LeaseHolder) => {
    const lease = leases.get(name)
    return lease !== undefined && lease.owner === holder.owner && lease.token === holder.token && lease.expiresAt > Date.now()
  }
  let lastPosition = log.length === 0 ? 0n : log[log.length - 1]!.position
  // Push wake-ups: the listeners of subscribeAppends, told after each append returns.
  const listeners = new Set<AppendListener>()
  const notify = (stream: string) => {
    if (listeners.size === 0) return
    // After the append's promise settles, like a database's notification after commit;
    // a failing listener must not reach the appender or the other listeners.
    setImmediate(() => {
      for (const listener of listeners) {
        try {
          listener.appended([stream])
        } catch {
          // (see above)
        }
      }
    })
  }

  const keyOf = (stream: string, aggregateId: string) => JSON.stringify([stream, aggregateId])
  for (const row of log) {
    const key = keyOf(row.stream, row.aggregateId)
    const rows = aggregates.get(key)
    if (rows === undefined) aggregates.set(key, [row])
    else rows.push(row)
    eventIds.add(row.id)
  }

  /** The index of the first row of the log with a position greater than `after` (positions increase). */
  const firstAfter = (after: bigint): number => {
    let low = 0
    let high = log.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (log[middle]!.position <= after) low = middle + 1
      else high = middle
    }
    return low
  }

  const toEnvelope = (row: StoredRow): StoredEvent => {
    const envelope: StoredEvent = {
      stream: row.stream,
      aggregateId: row.aggregateId,
      version: row.version,
      position: row.position.toString(),
      timestamp: new Date(row.timestamp),
      id: row.id,
      event: JSON.parse(row.event) as JsonValue,
    }
    if (row.meta !== undefined) envelope.meta = JSON.parse(row.meta) as EventMeta
    return envelope
  }

  // 2. The five calls, handed to defineProvider: it caps reads at `limit` and turns
  //    anything unexpected into a ProviderError. (No migrate: nothing to create.)
  return defineProvider({
    name: 'memory',
    limit,
    fullAggregatePages: true,
    capabilities: { persistent: false, snapshots: true },

    async append(request) {
      // Everything below runs without awaiting, so no other append can interleave:
      // the checks and the writes form one atomic step.
      const key = keyOf(request.stream, request.aggregateId)
      const rows = aggregates.get(key) ?? []
      if (rows.length !== request.expectedVersion) {
        throw new VersionConflictError({
          stream: request.stream,
          aggregateId: request.aggregateId,
          expectedVersion: request.expectedVersion,
          actualVersion: rows.length,
        })
      }
      const ids = request.events.map((e) => e.id)
      const clashing = ids.filter((id, index) => eventIds.has(id) || ids.indexOf(id) !== index)
      if (clashing.length > 0) {
        throw new DuplicateEventError({ stream: request.stream, aggregateId: request.aggregateId, eventIds: clashing })
      }
      const timestamp = Date.now()
      const added = request.events.map((e, index): StoredRow => {
        lastPosition += 1n
        return {
          stream: request.stream,
          aggregateId: request.aggregateId,
          version: request.expectedVersion + index + 1,
          position: lastPosition,
          timestamp,
          id: e.id,
          meta: e.meta === undefined ? undefined : JSON.stringify(e.meta),
          event: JSON.stringify(e.event),
        }
      })
      for (const row of added) {
        log.push(row)
        eventIds.add(row.id)
      }
      // Extended in place (a copy per append would make a long aggregate's appends ever
      // slower); reads only ever return slices of it.
      if (rows.length === 0) aggregates.set(key, added)
      else rows.push(...added)
      notify(request.stream)
      return added.map(toEnvelope)
    },

    async readAggregate(request) {
      const rows = aggregates.get(keyOf(request.stream, request.aggregateId)) ?? []
      // Versions are 1-based and contiguous, so version v sits at index v - 1.
      return rows.slice(request.afterVersion, request.afterVersion + request.limit).map(toEnvelope)
    },

    async readLog(request) {
      const after = BigInt(request.after)
      const streams = new Set(request.streams)
      const limit = request.limit
      // Positions increase along the log (seeded ones may have gaps): start right after `after`.
      const found: StoredEvent[] = []
      for (let i = firstAfter(after); i < log.length && found.length < limit; i++) {
        const row = log[i]!
        if (streams.has(row.stream)) found.push(toEnvelope(row))
      }
      return found
    },

    async getBookmark(name) {
      return bookmarks.get(name) ?? START_POSITION
    },

    // Positions count appends from 1; past 2^63 - 1 (the largest any database here holds) would take centuries.
    acceptsPosition: (position) => BigInt(position) <= MAX_MEMORY_POSITION,

    async setBookmark(name, position) {
      bookmarks.set(name, position)
    },

    async readSnapshot(request) {
      const text = snapshots.get(keyOf(request.stream, request.aggregateId))
      return text === undefined ? undefined : (JSON.parse(text) as AggregateSnapshot)
    },

    async writeSnapshot(snapshot) {
      snapshots.set(keyOf(snapshot.stream, snapshot.aggregateId), JSON.stringify(snapshot))
    },

    // Push wake-ups within this process: every append is reported to every subscriber.
    async subscribeAppends(listener) {
      listeners.add(listener)
      return {
        async close() {
          listeners.delete(listener)
        },
      }
    },

    // Leases: each call checks and writes without awaiting, so it is atomic like an append.
    // Several handler objects in one process share them; processes share nothing.
    leases: {
      async acquire({ name, owner, ttlMs }) {
        const now = Date.now()
        const lease = leases.get(name)
        if (lease !== undefined && lease.owner !== owner && lease.expiresAt > now) return undefined
        const token = lease === undefined ? 1 : lease.owner === owner ? lease.token : lease.token + 1
        leases.set(name, { owner, token, expiresAt: now + ttlMs })
        return token
      },
      async release(name, holder) {
        const lease = leases.get(name)
        if (lease !== undefined && lease.owner === holder.owner && lease.token === holder.token) lease.expiresAt = 0
      },
      async setFencedBookmark(name, position, holder) {
        if (!leaseHeld(name, holder)) return false
        bookmarks.set(name, position)
        return true
      },
    },
  })
}
