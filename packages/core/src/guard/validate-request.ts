import type { EventMeta, NewEvent } from '../envelope.js'
import { ValidationError } from '../errors.js'
import { isPosition } from '../position.js'
import type { AppendRequest, ReadAggregateRequest, ReadLogRequest } from '../provider.js'
import { copyJsonObject } from './copy-json.js'
import { MAX_APPEND_EVENTS, MAX_PAGE_SIZE, MAX_VERSION, isWellFormedText } from './limits.js'

export { MAX_APPEND_EVENTS } from './limits.js'

/** Throws a {@link ValidationError} unless `value` is a non-empty, well-formed string. */
export function assertName(value: unknown, path: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(path, `must be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}`)
  }
  if (!isWellFormedText(value)) throw new ValidationError(path, 'is not well-formed Unicode (a lone surrogate)')
}

/** Throws a {@link ValidationError} unless `value` is a safe integer from `min` to `max`. */
export function assertInteger(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
    throw new ValidationError(path, `must be an integer ${range}, got ${String(value)}`)
  }
}

/** Throws a {@link ValidationError} unless `value` is a canonical position string. */
export function assertPosition(value: unknown, path: string): asserts value is string {
  if (!isPosition(value)) {
    throw new ValidationError(path, `must be a position (canonical decimal string such as '0' or '42'), got ${String(value)}`)
  }
}

/**
 * Validates event metadata and returns a copy. Only `correlationId`, `causationId`
 * (strings) and `user` (a plain JSON object) are allowed.
 */
export function copyMeta(meta: unknown, path: string): EventMeta {
  const copy = copyJsonObject(meta, path)
  const result: EventMeta = {}
  for (const key of Object.keys(copy)) {
    const value = copy[key]
    if (key === 'correlationId' || key === 'causationId') {
      if (typeof value !== 'string') throw new ValidationError(`${path}.${key}`, 'must be a string')
      result[key] = value
    } else if (key === 'user') {
      result.user = copyJsonObject(value, `${path}.user`)
    } else {
      throw new ValidationError(`${path}.${key}`, 'unknown metadata field (allowed: correlationId, causationId, user)')
    }
  }
  return result
}

/**
 * Validates an event payload (a plain JSON object with a non-empty string `type`) and
 * returns a deep copy.
 */
export function copyPayload(payload: unknown, path: string) {
  const copy = copyJsonObject(payload, path)
  if (typeof copy.type !== 'string' || copy.type.length === 0) {
    throw new ValidationError(`${path}.type`, 'an event needs a non-empty string `type`')
  }
  return copy
}

function copyNewEvent(value: unknown, path: string): NewEvent {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'must be an object { id, event, meta? }')
  const { id, event, meta } = value as Partial<NewEvent>
  assertName(id, `${path}.id`)
  const copy: NewEvent = { id, event: copyPayload(event, `${path}.event`) }
  if (meta !== undefined) copy.meta = copyMeta(meta, `${path}.meta`)
  return copy
}

/** Validates an append request and returns a copy the caller can no longer change. */
export function validateAppend(request: AppendRequest): AppendRequest {
  assertName(request.stream, 'stream')
  assertName(request.aggregateId, 'aggregateId')
  assertInteger(request.expectedVersion, 'expectedVersion', 0, MAX_VERSION)
  if (!Array.isArray(request.events) || request.events.length === 0) {
    throw new ValidationError('events', 'must be a non-empty array of events')
  }
  if (request.events.length > MAX_APPEND_EVENTS) {
    throw new ValidationError('events', `at most ${MAX_APPEND_EVENTS} events per append, got ${request.events.length}`)
  }
  if (request.expectedVersion + request.events.length > MAX_VERSION) {
    throw new ValidationError('events', `the append would take the aggregate past version ${MAX_VERSION}, the highest there is`)
  }
  const events = request.events.map((event, index) => copyNewEvent(event, `events[${index}]`))
  return { stream: request.stream, aggregateId: request.aggregateId, expectedVersion: request.expectedVersion, events }
}

/** Validates a read of one aggregate. */
export function validateReadAggregate(request: ReadAggregateRequest): ReadAggregateRequest {
  assertName(request.stream, 'stream')
  assertName(request.aggregateId, 'aggregateId')
  assertInteger(request.afterVersion, 'afterVersion', 0, MAX_VERSION)
  assertInteger(request.limit, 'limit', 1, MAX_PAGE_SIZE)
  return { stream: request.stream, aggregateId: request.aggregateId, afterVersion: request.afterVersion, limit: request.limit }
}

/** Validates a read of the global log. */
export function validateReadLog(request: ReadLogRequest): ReadLogRequest {
  if (!Array.isArray(request.streams) || request.streams.length === 0) {
    throw new ValidationError('streams', 'must be a non-empty array of stream names')
  }
  request.streams.forEach((stream, index) => assertName(stream, `streams[${index}]`))
  assertPosition(request.after, 'after')
  assertInteger(request.limit, 'limit', 1, MAX_PAGE_SIZE)
  return { streams: [...request.streams], after: request.after, limit: request.limit }
}
