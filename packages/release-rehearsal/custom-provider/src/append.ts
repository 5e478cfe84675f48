import { DuplicateEventError, VersionConflictError, toPosition, type AppendRequest, type StoredEvent } from '@evtstore/core'
import { aggregateKey, eventFile, remember, toEnvelope, type EventLine } from './event-file.js'
import { appendJsonLines } from './jsonl-file.js'

/**
 * Stores the request's events with versions `expectedVersion + 1, + 2, …` or throws.
 * Nothing here awaits: the checks, the write and the positions form one step no other
 * call can interleave with (one process per file).
 */
export function append(file: string, request: AppendRequest): StoredEvent[] {
  const state = eventFile(file)
  const rows = state.aggregates.get(aggregateKey(request.stream, request.aggregateId)) ?? []
  if (rows.length !== request.expectedVersion) {
    throw new VersionConflictError({
      stream: request.stream,
      aggregateId: request.aggregateId,
      expectedVersion: request.expectedVersion,
      actualVersion: rows.length,
    })
  }
  const ids = request.events.map((e) => e.id)
  const clashing = ids.filter((id, index) => state.eventIds.has(id) || ids.indexOf(id) !== index)
  if (clashing.length > 0) {
    throw new DuplicateEventError({ stream: request.stream, aggregateId: request.aggregateId, eventIds: clashing })
  }
  const timestamp = Date.now()
  const lines = request.events.map((e, index): EventLine => {
    const line: EventLine = {
      stream: request.stream,
      aggregateId: request.aggregateId,
      version: request.expectedVersion + index + 1,
      position: toPosition(state.lastPosition + BigInt(index + 1)),
      timestamp,
      id: e.id,
      // kept in memory as the file gives it back (JSON turns -0 into 0, drops undefined)
      event: JSON.parse(JSON.stringify(e.event)) as EventLine['event'],
    }
    if (e.meta !== undefined) line.meta = JSON.parse(JSON.stringify(e.meta)) as NonNullable<EventLine['meta']>
    return line
  })
  appendJsonLines(file, lines) // all lines in one write: stored together or (on a crash) cut off together
  for (const line of lines) remember(state, line)
  return lines.map(toEnvelope)
}
