import type { StoredEvent } from '../envelope.js'
import { ProviderError } from '../errors.js'
import { comparePositions, isPosition, type Position } from '../position.js'
import type { AppendRequest, ReadAggregateRequest, ReadLogRequest } from '../provider.js'

// Cheap sanity checks of what a provider returns. A provider that breaks its contract
// fails loudly here (a ProviderError naming the broken rule) instead of silently
// corrupting aggregates or handler bookmarks.

function broken(provider: string, operation: string, message: string): ProviderError {
  return new ProviderError({ provider, operation, message: `broke the provider contract: ${message}` })
}

function checkEnvelope(provider: string, operation: string, event: StoredEvent, index: number): void {
  if (typeof event !== 'object' || event === null) throw broken(provider, operation, `result[${index}] is not an object`)
  if (!isPosition(event.position)) {
    throw broken(provider, operation, `result[${index}].position ${String(event.position)} is not a canonical position string`)
  }
  if (event.position === '0') throw broken(provider, operation, `result[${index}].position is '0'`)
  if (!(event.timestamp instanceof Date) || Number.isNaN(event.timestamp.getTime())) {
    throw broken(provider, operation, `result[${index}].timestamp is not a valid Date`)
  }
  if (typeof event.id !== 'string' || event.id.length === 0) throw broken(provider, operation, `result[${index}].id is not a string`)
  const payload = event.event as { type?: unknown } | null
  if (typeof payload !== 'object' || payload === null || typeof payload.type !== 'string') {
    throw broken(provider, operation, `result[${index}].event is not an object with a string type`)
  }
}

function checkArray(provider: string, operation: string, result: unknown, limit: number): asserts result is StoredEvent[] {
  if (!Array.isArray(result)) throw broken(provider, operation, 'did not return an array')
  if (result.length > limit) throw broken(provider, operation, `returned ${result.length} events, more than the limit ${limit}`)
}

function checkVersions(
  provider: string,
  operation: string,
  events: StoredEvent[],
  target: { stream: string; aggregateId: string },
  firstVersion: number,
): void {
  events.forEach((event, index) => {
    checkEnvelope(provider, operation, event, index)
    if (event.stream !== target.stream || event.aggregateId !== target.aggregateId) {
      throw broken(provider, operation, `result[${index}] belongs to ${event.stream}/${event.aggregateId}`)
    }
    if (event.version !== firstVersion + index) {
      throw broken(provider, operation, `result[${index}].version is ${event.version}, expected ${firstVersion + index}`)
    }
  })
}

/** Checks the envelopes an append returned against the request. */
export function checkAppendResult(provider: string, request: AppendRequest, result: unknown): StoredEvent[] {
  checkArray(provider, 'append', result, request.events.length)
  if (result.length !== request.events.length) {
    throw broken(provider, 'append', `returned ${result.length} envelopes for ${request.events.length} events`)
  }
  checkVersions(provider, 'append', result, request, request.expectedVersion + 1)
  result.forEach((event, index) => {
    if (event.id !== request.events[index]!.id) throw broken(provider, 'append', `result[${index}].id differs from the request`)
    if (index > 0 && comparePositions(result[index - 1]!.position, event.position) >= 0) {
      throw broken(provider, 'append', 'positions are not ascending')
    }
  })
  return result
}

/** Checks a page of one aggregate: the right aggregate, contiguous versions after `afterVersion`. */
export function checkReadAggregateResult(provider: string, request: ReadAggregateRequest, result: unknown): StoredEvent[] {
  checkArray(provider, 'readAggregate', result, request.limit)
  checkVersions(provider, 'readAggregate', result, request, request.afterVersion + 1)
  return result
}

/** Checks a page of the log: requested streams only, positions strictly ascending after `after`. */
export function checkReadLogResult(provider: string, request: ReadLogRequest, result: unknown): StoredEvent[] {
  checkArray(provider, 'readLog', result, request.limit)
  const streams = new Set(request.streams)
  let previous: Position = request.after
  result.forEach((event, index) => {
    checkEnvelope(provider, 'readLog', event, index)
    if (!streams.has(event.stream)) throw broken(provider, 'readLog', `result[${index}] is from stream ${event.stream}, not requested`)
    if (comparePositions(event.position, previous) <= 0) {
      throw broken(provider, 'readLog', `result[${index}].position ${event.position} is not after ${previous}`)
    }
    previous = event.position
  })
  return result
}

/** Checks a bookmark read. */
export function checkBookmark(provider: string, result: unknown): Position {
  if (!isPosition(result)) throw broken(provider, 'getBookmark', `returned ${String(result)}, not a canonical position`)
  return result
}
