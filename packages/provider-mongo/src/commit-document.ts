import { ProviderError, ValidationError, type AppendRequest, type StoredEvent } from '@evtstore/core'
import { decodeJson, decodeMeta } from '@evtstore/core/toolkit'

/** One event inside a commit document. Payload and metadata are JSON text. */
export interface CommitEvent {
  /** Event id. */
  i: string
  /** The payload as JSON text: `$`/dotted keys, nested arrays, big numbers, NUL round-trip exactly. */
  d: string
  /** The metadata as JSON text; absent when the event has none. */
  m?: string
}

/**
 * One append, stored as one document (so it is atomic without transactions). Its
 * events have the global positions `p`, `p + 1`, ... `l` and the versions `v + 1` ... `w`.
 */
export interface CommitDocument {
  /**
   * The commit's key, {@link commitKey}`(s, a, w)`: the aggregate and the version it ends
   * at. An append checks its expected version by looking this key up: an index lookup on
   * MongoDB, and on FerretDB 1.24 (SQLite) the one filter it hands to SQLite, which scans
   * the table itself several times faster than FerretDB filters any other query.
   */
  _id: string
  /** The commit's first position: the end of the highest commit when it was written, plus one (unique). */
  p: number
  /** The commit's last position (`p + events - 1`): catch-up reads filter and sort on it. */
  l: number
  /** Stream. */
  s: string
  /** Aggregate id. */
  a: string
  /** The version the commit builds on (the expected version): unique per (s, a). */
  v: number
  /** The aggregate's version after the commit (`v + events`). */
  w: number
  /** When the commit was written (the writer's clock). */
  t: Date
  e: CommitEvent[]
}

/** A commit document before its position and time are known. */
export type CommitBody = Omit<CommitDocument, 'p' | 'l' | 't'>

/**
 * The `_id` of the commit that ends at `version` of an aggregate: a JSON array text, so
 * no two (stream, aggregate id, version) share a key whatever characters the names hold.
 *
 * @example
 * ```ts
 * commitKey('account', 'a-1', 3) // '["account","a-1",3]'
 * ```
 */
export function commitKey(stream: string, aggregateId: string, version: number): string {
  return JSON.stringify([stream, aggregateId, version])
}

/**
 * Largest commit document accepted: MongoDB's (and FerretDB's) BSON document limit.
 * The size is estimated from above, so a commit is refused a little before the server would.
 */
export const MAX_COMMIT_BYTES = 16 * 1024 * 1024

/** Bytes a BSON string element takes at most: type, name, length, UTF-8 text, NUL. */
function stringElement(name: number, value: string): number {
  return 1 + name + 1 + 4 + Buffer.byteLength(value, 'utf8') + 1
}

/** An upper bound of the BSON size of a commit (numbers counted as 8-byte doubles). */
function commitBytes(id: string, stream: string, aggregateId: string, events: readonly CommitEvent[]): number {
  // document header and trailer, the _id key, p/l/v/w as doubles, t as a date, the array header
  let bytes = 5 + stringElement(3, id) + 4 * (1 + 2 + 8) + (1 + 2 + 8) + stringElement(1, stream) + stringElement(1, aggregateId) + 5 + 3
  events.forEach((event, index) => {
    const key = String(index).length
    bytes += 1 + key + 1 + 5 + stringElement(1, event.i) + stringElement(1, event.d)
    if (event.m !== undefined) bytes += stringElement(1, event.m)
  })
  return bytes
}

/**
 * The commit document of an append without its position and time, checked to fit in one BSON document.
 * Throws `ValidationError` (path `events`) when it would not: nothing is sent.
 *
 * @example
 * ```ts
 * const body = buildCommit({ stream: 'account', aggregateId: 'a-1', expectedVersion: 0, events })
 * body.w // events.length
 * ```
 */
export function buildCommit(request: AppendRequest): CommitBody {
  const events = request.events.map((e): CommitEvent => {
    const event: CommitEvent = { i: e.id, d: JSON.stringify(e.event) }
    if (e.meta !== undefined) event.m = JSON.stringify(e.meta)
    return event
  })
  const w = request.expectedVersion + events.length
  const id = commitKey(request.stream, request.aggregateId, w)
  const bytes = commitBytes(id, request.stream, request.aggregateId, events)
  if (bytes > MAX_COMMIT_BYTES) {
    throw new ValidationError(
      'events',
      `one append is stored as one document, and this one would take about ${bytes} bytes: more than MongoDB's ${MAX_COMMIT_BYTES}-byte document limit (split it into several appends)`,
    )
  }
  return {
    _id: id,
    s: request.stream,
    a: request.aggregateId,
    v: request.expectedVersion,
    w,
    e: events,
  }
}

/** A stored integer (int32, double, or a driver `Long`) as a JS number. */
export function storedInteger(value: unknown, field: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint'
        ? Number(value)
        : typeof (value as { toNumber?: unknown } | null)?.toNumber === 'function'
          ? (value as { toNumber(): number }).toNumber()
          : NaN
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ProviderError({ provider: 'mongo', operation: 'decode', message: `stored ${field} is not an integer: ${String(value)}` })
  }
  return n
}

/**
 * The envelopes of a stored commit, in version order. No `_id`, `p` or other storage field
 * leaks: payloads and metadata are parsed from their JSON text.
 *
 * @example
 * ```ts
 * commitEnvelopes(doc).map((e) => e.position) // ['41', '42'] for a two-event commit at 41
 * ```
 */
export function commitEnvelopes(doc: CommitDocument): StoredEvent[] {
  const first = storedInteger(doc.p, 'p')
  const base = storedInteger(doc.v, 'v')
  const timestamp = doc.t instanceof Date ? doc.t : new Date(doc.t as unknown as string)
  return doc.e.map((event, index) => {
    const envelope: StoredEvent = {
      stream: doc.s,
      aggregateId: doc.a,
      version: base + index + 1,
      position: String(first + index),
      timestamp: new Date(timestamp.getTime()),
      id: event.i,
      event: decodeJson(event.d, 'event'),
    }
    const meta = decodeMeta(event.m, 'meta')
    if (meta !== undefined) envelope.meta = meta
    return envelope
  })
}
