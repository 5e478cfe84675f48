import { ValidationError, type AppendRequest, type ProviderCapabilities } from '@evtstore/core'
import { versionKeyOf } from './event-cypher.js'

/** Most UTF-8 bytes of a stream name, aggregate id, event id or bookmark name. */
export const MAX_KEY_BYTES = 1024

/**
 * Most UTF-8 bytes of the `/v3` version key (the JSON text of stream, aggregate id and
 * version), under the 4039-byte string key limit of Neo4j 3.5's native btree index.
 */
export const MAX_VERSION_KEY_BYTES = 4000

/** What the provider declares to core: the name limits above (core refuses longer names before any I/O). */
export const NEO4J_CAPABILITIES: ProviderCapabilities = {
  maxKeyBytes: {
    stream: MAX_KEY_BYTES,
    aggregateId: MAX_KEY_BYTES,
    eventId: MAX_KEY_BYTES,
    bookmark: MAX_KEY_BYTES,
  },
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/**
 * Refuses a name that Neo4j's unique indexes could not hold (they limit the size of one
 * key), with `ValidationError` before any I/O, naming the limit.
 *
 * @example
 * ```ts
 * checkKeyBytes('b'.repeat(2000), 'name') // throws ValidationError
 * ```
 */
export function checkKeyBytes(value: string, path: string): void {
  const size = bytes(value)
  if (size > MAX_KEY_BYTES) {
    throw new ValidationError(
      path,
      `is ${size} UTF-8 bytes; Neo4j's indexes hold at most ${MAX_KEY_BYTES} here`,
    )
  }
}

/**
 * Checks the indexed strings of an append: stream, aggregate id, every event id, and on
 * the `/v3` entry the version key of the last event (the longest one).
 *
 * @example
 * ```ts
 * checkAppendKeys(request, true)
 * ```
 */
export function checkAppendKeys(request: AppendRequest, versionKey: boolean): void {
  checkKeyBytes(request.stream, 'stream')
  checkKeyBytes(request.aggregateId, 'aggregateId')
  request.events.forEach((e, i) => checkKeyBytes(e.id, `events[${i}].id`))
  if (versionKey) {
    const key = versionKeyOf(
      request.stream,
      request.aggregateId,
      request.expectedVersion + request.events.length,
    )
    if (bytes(key) > MAX_VERSION_KEY_BYTES) {
      throw new ValidationError(
        'aggregateId',
        `stream and aggregate id make a ${bytes(key)}-byte version key (JSON text); Neo4j 3.5 indexes hold at most ${MAX_VERSION_KEY_BYTES}`,
      )
    }
  }
}
