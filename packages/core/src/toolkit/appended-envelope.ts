import type { StoredEvent } from '../envelope.js'
import type { Position } from '../position.js'
import type { AppendRequest } from '../provider.js'

/**
 * The envelope of the `index`-th event of an append, from the request and what the
 * database assigned to it: version `expectedVersion + index + 1`, the event's id,
 * payload and metadata (left out when none was given), and the given position and time.
 * What an `append` returns is one of these per event.
 *
 * @example
 * ```ts
 * appendedEnvelope(request, 0, { position: '42', timestamp: new Date() }).version // request.expectedVersion + 1
 * ```
 */
export function appendedEnvelope(
  request: AppendRequest,
  index: number,
  assigned: { position: Position; timestamp: Date },
): StoredEvent {
  const input = request.events[index]
  if (input === undefined) throw new RangeError(`the append has no event at index ${index}`)
  const event: StoredEvent = {
    stream: request.stream,
    aggregateId: request.aggregateId,
    version: request.expectedVersion + index + 1,
    position: assigned.position,
    timestamp: assigned.timestamp,
    id: input.id,
    event: input.event,
  }
  if (input.meta !== undefined) event.meta = input.meta
  return event
}
