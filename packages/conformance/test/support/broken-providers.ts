// Deliberately broken providers, each the memory provider with one guarantee removed.
// The meta-tests show the suite catches every one of them.
import {
  isDuplicateEventError,
  isVersionConflictError,
  type JsonValue,
  type Provider,
  type ReadLogRequest,
  type StoredEvent,
} from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import { randomUUID } from 'node:crypto'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Delegates everything to `inner`, except what `overrides` replaces. */
function wrap(inner: Provider, overrides: Partial<Provider>): Provider {
  return {
    name: `broken-${inner.name}`,
    capabilities: inner.capabilities ?? {},
    append: (request) => inner.append(request),
    readAggregate: (request) => inner.readAggregate(request),
    readLog: (request) => inner.readLog(request),
    getBookmark: (name) => inner.getBookmark(name),
    setBookmark: (name, position) => inner.setBookmark(name, position),
    acceptsPosition: (position: string) => inner.acceptsPosition?.(position) ?? true,
    ...(inner.acquireLease === undefined
      ? {}
      : {
          acquireLease: (request) => inner.acquireLease!(request),
          releaseLease: (name, holder) => inner.releaseLease!(name, holder),
          setFencedBookmark: (name, position, holder) => inner.setFencedBookmark!(name, position, holder),
        }),
    ...(inner.subscribeAppends === undefined ? {} : { subscribeAppends: (listener) => inner.subscribeAppends!(listener) }),
    ...overrides,
  }
}

async function currentVersion(inner: Provider, stream: string, aggregateId: string): Promise<number> {
  let version = 0
  for (;;) {
    const page = await inner.readAggregate({ stream, aggregateId, afterVersion: version, limit: 1000 })
    if (page.length === 0) return version
    version += page.length
  }
}

/** Declares push and subscribes, but never reports an append: handlers wake only when they poll. */
export function silentPush(): Provider {
  return wrap(createMemoryProvider(), {
    subscribeAppends: async () => ({ close: async () => undefined }),
  })
}

/** Ignores the expected version: appends at whatever the current version is (last writer wins). */
export function noVersionCheck(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async append(request) {
      for (;;) {
        const expectedVersion = await currentVersion(inner, request.stream, request.aggregateId)
        try {
          return await inner.append({ ...request, expectedVersion })
        } catch (err) {
          if (!isVersionConflictError(err)) throw err
        }
      }
    },
  })
}

/** Writes a multi-event append one event at a time: a failure midway leaves the first events stored. */
export function nonAtomicAppend(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async append(request) {
      const stored: StoredEvent[] = []
      for (const [index, event] of request.events.entries()) {
        stored.push(...(await inner.append({ ...request, expectedVersion: request.expectedVersion + index, events: [event] })))
      }
      return stored
    },
  })
}

/**
 * The late-commit hole: every third append takes 40 ms to "commit" after its positions
 * were handed out, and readLog does not show it meanwhile, though it shows later events.
 */
export function lateCommitReads(): Provider {
  const inner = createMemoryProvider()
  const hidden = new Set<string>()
  let appends = 0
  return wrap(inner, {
    async append(request) {
      const stored = await inner.append(request)
      if (++appends % 3 === 0) {
        for (const event of stored) hidden.add(event.id)
        await sleep(40)
        for (const event of stored) hidden.delete(event.id)
      }
      return stored
    },
    async readLog(request) {
      return (await inner.readLog(request)).filter((event) => !hidden.has(event.id))
    },
  })
}

/** readLog swaps the first two events of every page that has two or more. */
export function reorderingReads(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async readLog(request) {
      const page = await inner.readLog(request)
      if (page.length >= 2) [page[0], page[1]] = [page[1]!, page[0]!]
      return page
    },
  })
}

/** readLog treats `after` as inclusive: the event at `after` comes back again. */
export function inclusiveAfterReads(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    readLog: (request: ReadLogRequest) =>
      inner.readLog({ ...request, after: request.after === '0' ? '0' : (BigInt(request.after) - 1n).toString() }),
  })
}

/** Reads ignore `limit` and return everything there is. */
export function limitIgnored(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    readLog: (request) => inner.readLog({ ...request, limit: 1_000_000 }),
    readAggregate: (request) => inner.readAggregate({ ...request, limit: 1_000_000 }),
  })
}

/** Promises full aggregate pages but returns at most half of what is asked for. */
export function shortAggregatePages(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    capabilities: { ...inner.capabilities, fullAggregatePages: 100_000 },
    readAggregate: (request) => inner.readAggregate({ ...request, limit: Math.ceil(request.limit / 2) }),
  })
}

type Lossy = (value: JsonValue) => JsonValue | undefined

function mapJson(value: JsonValue, lossy: Lossy): JsonValue | undefined {
  const changed = lossy(value)
  if (changed === undefined || typeof changed !== 'object' || changed === null) return changed
  if (Array.isArray(changed)) return changed.map((item) => mapJson(item, lossy)).filter((item) => item !== undefined)
  const copy: { [key: string]: JsonValue } = {}
  for (const [key, item] of Object.entries(changed)) {
    const mapped = mapJson(item, lossy)
    if (mapped !== undefined) copy[key] = mapped
  }
  return copy
}

/** Every payload read back goes through `lossy` (on append results and both reads). */
function lossyPayloads(lossy: Lossy): Provider {
  const inner = createMemoryProvider()
  const damage = (events: StoredEvent[]) => events.map((e) => ({ ...e, event: mapJson(e.event as JsonValue, lossy) }))
  return wrap(inner, {
    append: async (request) => damage(await inner.append(request)),
    readAggregate: async (request) => damage(await inner.readAggregate(request)),
    readLog: async (request) => damage(await inner.readLog(request)),
  })
}

/** Drops empty arrays and empty objects from payloads (like a store that omits empty values). */
export const dropsEmptyValues = () =>
  lossyPayloads((v) => (typeof v === 'object' && v !== null && Object.keys(v).length === 0 ? undefined : v))

/** Replaces characters outside the Basic Multilingual Plane (emoji, astral) with '?' (a 3-byte utf8 column). */
export const stripsAstralCharacters = () =>
  lossyPayloads((v) => (typeof v === 'string' ? v.replace(/[\u{10000}-\u{10FFFF}]/gu, '?') : v))

/** Returns integers beyond 2^31 as strings (a bigint column read back as text). */
export const bigNumbersAsStrings = () =>
  lossyPayloads((v) => (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > 2 ** 31 ? String(v) : v))

/** Accepts reused event ids by silently giving the events new ids. */
export function duplicateIdsAccepted(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async append(request) {
      try {
        return await inner.append(request)
      } catch (err) {
        if (!isDuplicateEventError(err)) throw err
        return inner.append({ ...request, events: request.events.map((e) => ({ ...e, id: randomUUID() })) })
      }
    },
  })
}

/** Reports a version clash as a plain Error instead of VersionConflictError. */
export function untypedConflicts(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async append(request) {
      try {
        return await inner.append(request)
      } catch (err) {
        if (isVersionConflictError(err)) throw new Error('duplicate key value violates unique constraint')
        throw err
      }
    },
  })
}

/** setBookmark does nothing. */
export function bookmarksIgnored(): Provider {
  return wrap(createMemoryProvider(), { setBookmark: async () => undefined })
}

/**
 * Bookmarks expire `ttlMs` after they were written (a cache with a TTL used as the
 * bookmark store): a handler that goes idle loses its place and replays from '0'.
 */
export function expiringBookmarks(ttlMs = 150): Provider {
  const inner = createMemoryProvider()
  const written = new Map<string, number>()
  return wrap(inner, {
    async setBookmark(name, position) {
      await inner.setBookmark(name, position)
      written.set(name, Date.now())
    },
    async getBookmark(name) {
      const at = written.get(name)
      return at === undefined || Date.now() - at > ttlMs ? '0' : inner.getBookmark(name)
    },
  })
}

/** A bookmark table whose first write is an insert that fails while another first write is in flight. */
function insertThenUpdate(inner: Provider) {
  const known = new Set<string>()
  const inserting = new Set<string>()
  return async (name: string, position: string): Promise<void> => {
    if (known.has(name)) return inner.setBookmark(name, position)
    if (inserting.has(name)) throw new Error(`duplicate key: bookmark ${name}`)
    inserting.add(name)
    await sleep(1)
    await inner.setBookmark(name, position)
    known.add(name)
    inserting.delete(name)
  }
}

/** The first write of a bookmark is an insert that fails when another first write is in flight. */
export function bookmarkInsertRace(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, { setBookmark: insertThenUpdate(inner) })
}

/**
 * A factory of instances on one shared store (persistent, so racing tests use several).
 * Each instance serialises its own calls (one connection), which hides the insert race
 * of the first bookmark write within one instance; across instances it fails.
 */
export function bookmarkInsertRaceAcrossInstances(): () => Provider {
  const store = createMemoryProvider()
  const setBookmark = insertThenUpdate(store)
  return () => {
    let queue: Promise<unknown> = Promise.resolve()
    return wrap(store, {
      capabilities: {},
      setBookmark(name, position) {
        const next = queue.then(() => setBookmark(name, position))
        queue = next.catch(() => undefined)
        return next
      },
    })
  }
}

/** Envelopes with sloppy fields: timestamps as ISO strings and `meta: null` when there is none. */
export function sloppyEnvelopes(): Provider {
  const inner = createMemoryProvider()
  const sloppy = (events: StoredEvent[]) =>
    events.map((e) => ({ ...e, timestamp: e.timestamp.toISOString() as unknown as Date, meta: e.meta ?? (null as never) }))
  return wrap(inner, {
    append: async (request) => sloppy(await inner.append(request)),
    readAggregate: async (request) => sloppy(await inner.readAggregate(request)),
    readLog: async (request) => sloppy(await inner.readLog(request)),
  })
}

/** Uses the aggregate version as the position (positions repeat across aggregates and streams). */
export function positionIsVersion(): Provider {
  const inner = createMemoryProvider()
  const asVersion = (events: StoredEvent[]) => events.map((e) => ({ ...e, position: String(e.version) }))
  return wrap(inner, {
    append: async (request) => asVersion(await inner.append(request)),
    readAggregate: async (request) => asVersion(await inner.readAggregate(request)),
    readLog: async (request) => asVersion(await inner.readLog(request)),
  })
}

/** readAggregate of an aggregate with no events throws "not found" instead of returning []. */
export function unknownAggregateThrows(): Provider {
  const inner = createMemoryProvider()
  return wrap(inner, {
    async readAggregate(request) {
      const page = await inner.readAggregate(request)
      if (page.length === 0 && request.afterVersion === 0) throw new Error(`aggregate ${request.aggregateId} not found`)
      return page
    },
  })
}

/** A memory provider that says it is persistent: every instance has its own store all the same. */
export function separateStores(): Provider {
  return wrap(createMemoryProvider(), { capabilities: {} })
}
