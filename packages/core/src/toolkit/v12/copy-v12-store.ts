import type { StoredEvent } from '../../envelope.js'
import { MigrationConflictError, ValidationError, isDuplicateEventError, isVersionConflictError } from '../../errors.js'
import { guardProvider } from '../../guard/guard-provider.js'
import { comparePositions, type Position } from '../../position.js'
import type { Provider } from '../../provider.js'
import { v12EventId } from './v12-event-id.js'
import type { V12Source, V12SourceBookmark, V12SourceEvent } from './v12-source.js'

/** The bookmark under which a migration records how far it got (a v12 progress key). */
export const V12_PROGRESS_BOOKMARK = 'evtstore.v12-migration'

/** Where the copy goes: a provider of this version, plus the one thing its append cannot do. */
export interface V12Target {
  /** The new store's provider (migrated). */
  provider: Provider
  /**
   * Gives just-copied events their v12 timestamp (an append stamps the server's clock).
   * Called with events of one append, which share one v12 timestamp; safe to repeat.
   */
  restoreTimestamps(events: StoredEvent[], timestamp: Date): Promise<void>
}

/** How a migration runs; every field is optional. */
export interface V12MigrationOptions {
  /** v12 events read per page, 1 to 10,000. Default 500. */
  batchSize?: number
  /**
   * The most v12 events this run goes through; it then stops with `complete: false`, and the
   * next run goes on from there. Default: no limit.
   */
  limit?: number
  /** Stops the run between two appends; the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** The target bookmark that records the progress. Default {@link V12_PROGRESS_BOOKMARK}. */
  progressBookmark?: string
  /** Called after each page with the totals of this run so far. */
  onProgress?: (progress: { events: number; copied: number; v12Position: string }) => void
}

/** What happened to one v12 bookmark. */
export interface V12BookmarkResult {
  /** The handler (bookmark) name. */
  name: string
  /** The v12 position as text, for reports. */
  v12Position: string
  /** The bookmark on the target now. */
  position: Position
  /** `'set'`; `'unchanged'` (already there); `'kept'`: the target's bookmark was further on, left alone. */
  outcome: 'set' | 'unchanged' | 'kept'
}

/** The outcome of one run. */
export interface V12MigrationResult {
  /** Every event was copied and the bookmarks were moved; false when `limit` stopped the run. */
  complete: boolean
  /** v12 events gone through in this run (copied or found already copied). */
  events: number
  /** Events appended by this run. */
  copied: number
  /** Events a previous run had already copied. */
  alreadyCopied: number
  /** Filled in when `complete`. */
  bookmarks: V12BookmarkResult[]
}

/**
 * The keys a provider's `migrateFromV12` options may have: these, plus `from`, `to` and
 * `migrate`. Each provider refuses any other key with `refuseUnknownKeys`.
 */
export const V12_MIGRATION_OPTIONS = ['batchSize', 'limit', 'signal', 'progressBookmark', 'onProgress', 'from', 'to', 'migrate'] as const

const MAX_GROUP = 100

function positiveInteger(value: number | undefined, path: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ValidationError(path, `must be an integer from 1 to ${max}, got ${String(value)}`)
  }
  return value
}

/** Consecutive events of one aggregate with one timestamp and contiguous versions: one append. */
function groupForAppend<C>(events: Array<V12SourceEvent<C>>): Array<Array<V12SourceEvent<C>>> {
  const groups: Array<Array<V12SourceEvent<C>>> = []
  let current: Array<V12SourceEvent<C>> = []
  for (const event of events) {
    const last = current[current.length - 1]
    const joins =
      last !== undefined &&
      current.length < MAX_GROUP &&
      last.stream === event.stream &&
      last.aggregateId === event.aggregateId &&
      last.version + 1 === event.version &&
      last.timestamp.getTime() === event.timestamp.getTime()
    if (!joins && current.length > 0) {
      groups.push(current)
      current = []
    }
    current.push(event)
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/**
 * Copies an evtstore@12 store into a store of this version, the engine behind every
 * provider's `migrateFromV12`: every event with its stream, aggregate id, version,
 * timestamp and payload, in v12's position order (so new positions keep that order), then
 * every bookmark moved to the new position of the event it stood on. Each event gets an
 * id derived from its stream, aggregate id and version; the progress is saved in the
 * target after each page, keyed by the v12 position. A run that crashed or was stopped
 * goes on from the saved key and recognises what it had copied, so running it again
 * never duplicates anything. A target holding another event where a copied one belongs
 * stops the run with a `MigrationConflictError`.
 *
 * @example
 * ```ts
 * const result = await copyV12Store(source, { provider, restoreTimestamps }, { batchSize: 200 })
 * result.complete // true once every event and bookmark is across
 * ```
 */
export async function copyV12Store<C>(
  source: V12Source<C>,
  target: V12Target,
  options: V12MigrationOptions = {},
): Promise<V12MigrationResult> {
  const batchSize = positiveInteger(options.batchSize, 'options.batchSize', 500, 10_000)
  const limit = positiveInteger(options.limit, 'options.limit', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
  const progressName = options.progressBookmark ?? V12_PROGRESS_BOOKMARK
  const provider = guardProvider(target.provider)
  options.signal?.throwIfAborted()

  // The bookmarks first: each stands on an event that exists now, so it is copied below.
  const bookmarks = (await source.readBookmarks()).filter((bookmark) => bookmark.name !== progressName)
  const totals = { events: 0, copied: 0, alreadyCopied: 0 }
  const copyGroup = async (group: Array<V12SourceEvent<C>>): Promise<void> => {
    const first = group[0]!
    const ids = group.map((e) => v12EventId(e.stream, e.aggregateId, e.version))
    const where = { stream: first.stream, aggregateId: first.aggregateId }
    try {
      const stored = await provider.append({
        ...where,
        expectedVersion: first.version - 1,
        events: group.map((e, index) => ({ id: ids[index]!, event: JSON.parse(JSON.stringify(e.event)) })),
      })
      await target.restoreTimestamps(stored, first.timestamp)
      totals.copied += group.length
      return
    } catch (err) {
      if (!isVersionConflictError(err) && !isDuplicateEventError(err)) throw err
    }
    // Already there (a previous run), or something else is: compare event by event.
    const existing = await provider.readAggregate({ ...where, afterVersion: first.version - 1, limit: group.length })
    existing.forEach((stored, index) => {
      if (stored.version !== group[index]!.version || stored.id !== ids[index]) {
        throw new MigrationConflictError({
          ...where,
          version: group[index]!.version,
          reason: `the target holds event ${stored.id} there, not the copy of v12 position ${group[index]!.v12Position}`,
        })
      }
    })
    if (existing.length === 0) {
      throw new MigrationConflictError({
        ...where,
        version: first.version,
        reason: `the target aggregate is not at version ${first.version - 1}, and holds nothing at ${first.version}`,
      })
    }
    await target.restoreTimestamps(existing, first.timestamp)
    totals.alreadyCopied += existing.length
    if (existing.length < group.length) await copyGroup(group.slice(existing.length))
  }

  let start: { fromKey: string } | { after: C } = { fromKey: await provider.getBookmark(progressName) }
  for (;;) {
    const room = limit - totals.events
    if (room <= 0) return { complete: false, ...totals, bookmarks: [] }
    const page = await source.readEvents(start, Math.min(batchSize, room))
    if (page.length === 0) break
    for (const group of groupForAppend(page)) {
      options.signal?.throwIfAborted()
      await copyGroup(group)
      totals.events += group.length
    }
    const last = page[page.length - 1]!
    await provider.setBookmark(progressName, last.progressKey)
    options.onProgress?.({ events: totals.events, copied: totals.copied, v12Position: last.v12Position })
    start = { after: last.cursor }
  }
  const moved: V12BookmarkResult[] = []
  for (const bookmark of bookmarks) moved.push(await moveBookmark(provider, bookmark))
  return { complete: true, ...totals, bookmarks: moved }
}

/** Sets a bookmark at the new position of the event its v12 bookmark stood on. */
async function moveBookmark(provider: Provider, bookmark: V12SourceBookmark): Promise<V12BookmarkResult> {
  let position: Position = '0'
  const seen = bookmark.lastSeen
  if (seen !== undefined) {
    const [stored] = await provider.readAggregate({
      stream: seen.stream,
      aggregateId: seen.aggregateId,
      afterVersion: seen.version - 1,
      limit: 1,
    })
    if (stored === undefined || stored.id !== v12EventId(seen.stream, seen.aggregateId, seen.version)) {
      throw new MigrationConflictError({
        ...seen,
        reason: `bookmark ${bookmark.name} stands on this event, and the target does not hold its copy`,
      })
    }
    position = stored.position
  }
  const current = await provider.getBookmark(bookmark.name)
  const order = comparePositions(current, position)
  const result = { name: bookmark.name, v12Position: bookmark.v12Position, position }
  if (order === 0) return { ...result, outcome: 'unchanged' }
  if (order > 0) return { ...result, position: current, outcome: 'kept' }
  await provider.setBookmark(bookmark.name, position)
  return { ...result, outcome: 'set' }
}
