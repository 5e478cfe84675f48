import {
  DuplicateEventError,
  ProviderError,
  VersionConflictError,
  type AppendRequest,
  type StoredEvent,
} from '@evtstore/core'
import { retryWithBackoff } from '@evtstore/core/toolkit'
import type { AppendHooks } from './append-hooks.js'
import { claimEventIds } from './claim-event-ids.js'
import { buildCommit, commitEnvelopes, commitKey, storedInteger, type CommitBody, type CommitDocument } from './commit-document.js'
import { CONCERNS } from './concerns.js'
import { isDuplicateKey } from './duplicate-key.js'
import type { StoreCollections } from './store-collections.js'
import { assertWellFormed } from './well-formed.js'

/** Insert attempts per append before it gives up (each lost one had another writer store a commit). */
export const POSITION_ATTEMPTS = 100
/** Backoff between attempts: full jitter (a random pause up to a ceiling that starts at 2 ms and doubles, to at most 64 ms). */
const BACKOFF = { initialDelayMs: 2, maxDelayMs: 64 }

/** Another writer stored a commit at the position this attempt took: try the next one. */
class PositionTaken extends Error {
  constructor(readonly driverError: unknown) {
    super('the position was taken by another commit')
  }
}

/** The aggregate's current version: the end of its highest commit, 0 for none. */
export async function readHead(collections: StoreCollections, stream: string, aggregateId: string): Promise<number> {
  const head = await collections.events.findOne(
    { s: stream, a: aggregateId },
    { sort: { v: -1 }, projection: { w: 1 }, ...CONCERNS.check },
  )
  return head === null || head === undefined ? 0 : storedInteger(head.w, 'w')
}

/**
 * Whether the aggregate's head is the expected version, as far as a read can tell before
 * the insert: some commit must end at the expected version (none is needed for 0). That
 * no commit starts there is the insert's to prove (the unique `<events>_head` index).
 * One lookup by `_id` ({@link commitKey}); only when it finds nothing is the head read,
 * for the conflict's `actualVersion`.
 */
async function checkExpectedVersion(collections: StoreCollections, request: AppendRequest): Promise<void> {
  if (request.expectedVersion === 0) return
  const key = commitKey(request.stream, request.aggregateId, request.expectedVersion)
  const end = await collections.events.findOne({ _id: key }, { projection: { _id: 1 }, ...CONCERNS.check })
  if (end !== null && end !== undefined) return
  const head = await readHead(collections, request.stream, request.aggregateId)
  if (head !== request.expectedVersion) throw conflict(request, head)
}

/** The next free position: the highest commit's last position plus one (1 on an empty log). */
async function readNextPosition(collections: StoreCollections): Promise<number> {
  const top = await collections.events.findOne({}, { sort: { p: -1 }, projection: { l: 1 }, ...CONCERNS.check })
  return top === null || top === undefined ? 1 : storedInteger(top.l, 'l') + 1
}

/** The append's commit, if it is stored with exactly the append's event ids (looked up by its `_id`). */
async function findLanded(collections: StoreCollections, request: AppendRequest, body: CommitBody): Promise<CommitDocument | undefined> {
  const doc: CommitDocument | null = await collections.events.findOne({ _id: body._id }, CONCERNS.check)
  if (doc === null || doc === undefined || Number(doc.v) !== request.expectedVersion || doc.e.length !== request.events.length) return undefined
  return doc.e.every((e, i) => e.i === request.events[i]!.id) ? doc : undefined
}

/** Turn-taking for one provider's inserts: its own appends never race each other for a position. */
function createLane(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
}

function conflict(request: AppendRequest, actualVersion: number, cause?: unknown): VersionConflictError {
  return new VersionConflictError(
    { stream: request.stream, aggregateId: request.aggregateId, expectedVersion: request.expectedVersion, actualVersion },
    cause === undefined ? undefined : { cause },
  )
}

/** Checks what can be checked before any I/O: names, repeated ids (the size is checked by `buildCommit`). */
function checkRequest(request: AppendRequest): void {
  assertWellFormed(request.stream, 'stream')
  assertWellFormed(request.aggregateId, 'aggregateId')
  const ids = request.events.map((e) => e.id)
  ids.forEach((id, index) => assertWellFormed(id, `events[${index}].id`))
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
  if (repeated.length > 0) {
    throw new DuplicateEventError({ stream: request.stream, aggregateId: request.aggregateId, eventIds: [...new Set(repeated)] })
  }
}

/**
 * Makes the append function of one provider. An append:
 *
 * 1. checks its input and its document size (`ValidationError`, before any I/O);
 * 2. looks up the commit ending at the expected version, by `_id`: none there → the
 *    head is read, and it is not the expected version → `VersionConflictError`;
 * 3. claims its event ids (`DuplicateEventError` for ids in use; see claim-event-ids.ts);
 * 4. inserts one commit document whose position `p` is the one after the highest commit.
 *    A duplicate key means another append got there first: on the aggregate's head
 *    (the head moved → `VersionConflictError`) or on the position (read the new top and
 *    try again, with backoff and jitter, at most {@link POSITION_ATTEMPTS} times).
 *
 * Steps 2 and 4 together prove the head: a commit ends at the expected version, and the
 * unique `<events>_head` index lets only one commit start there. Every query of the first
 * attempt is an `_id` lookup or an insert: index work on MongoDB, and on FerretDB 1.24
 * (which scans for every query) the cheapest scan it has.
 *
 * A writer only takes position p after it saw a commit ending at p − 1, and positions
 * are unique, so commits become visible in position order and no hole can be filled
 * later: a reader that saw p never misses an event below it.
 *
 * When the insert fails in another way (a lost connection: the outcome is unknown), the
 * commit is looked up in its slot; found with the append's ids, the append succeeded.
 *
 * @example
 * ```ts
 * const append = createAppender(store, {})
 * const stored = await append({ stream: 'account', aggregateId: 'a-1', expectedVersion: 0, events })
 * ```
 */
export function createAppender(
  store: () => Promise<StoreCollections>,
  hooks: AppendHooks,
): (request: AppendRequest) => Promise<StoredEvent[]> {
  const lane = createLane()
  /** The position after the last commit this provider stored or saw on top; a guess. */
  let next: number | undefined

  async function insertAt(c: StoreCollections, request: AppendRequest, body: CommitBody, attempt: number) {
    let position: number
    if (attempt > 1) {
      // the last insert hit a duplicate key: on the aggregate's head, or on the position?
      const [head, top] = await Promise.all([
        readHead(c, request.stream, request.aggregateId),
        hooks.takePosition === undefined ? readNextPosition(c) : undefined,
      ])
      if (head !== request.expectedVersion) throw conflict(request, head)
      position = top ?? (await hooks.takePosition!(body.e.length))
    } else if (hooks.takePosition !== undefined) {
      position = await hooks.takePosition(body.e.length)
    } else {
      position = next ?? (await readNextPosition(c))
    }
    const last = position + body.e.length - 1
    if (!Number.isSafeInteger(last)) {
      throw new ProviderError({ provider: 'mongo', operation: 'append', message: `the log is full: position ${last} is not a safe integer` })
    }
    await hooks.beforeInsert?.({ request, position, attempt })
    const doc: CommitDocument = { ...body, p: position, l: last, t: new Date() }
    try {
      await c.events.insertOne(doc, CONCERNS.write)
    } catch (err) {
      next = undefined
      if (isDuplicateKey(err)) {
        if (hooks.stats !== undefined) hooks.stats.positionRetries++
        throw new PositionTaken(err)
      }
      const landed = await findLanded(c, request, body).catch(() => undefined)
      if (landed === undefined) throw err
      return commitEnvelopes(landed)
    }
    next = last + 1
    if (hooks.stats !== undefined) hooks.stats.commits++
    return commitEnvelopes(doc)
  }

  return async (request) => {
    checkRequest(request)
    const body = buildCommit(request)
    const c = await store()
    await checkExpectedVersion(c, request)
    await claimEventIds(c, request)
    return lane(async () => {
      try {
        return await retryWithBackoff((attempt) => insertAt(c, request, body, attempt), {
          attempts: POSITION_ATTEMPTS,
          retryable: (err) => err instanceof PositionTaken,
          ...BACKOFF,
        })
      } catch (err) {
        if (!(err instanceof PositionTaken)) throw err
        throw new ProviderError(
          { provider: 'mongo', operation: 'append', message: `every one of ${POSITION_ATTEMPTS} attempts lost the next position to another writer; nothing was stored` },
          { cause: err.driverError },
        )
      }
    })
  }
}
