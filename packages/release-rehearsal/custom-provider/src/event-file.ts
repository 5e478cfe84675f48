import type { EventMeta, JsonValue, StoredEvent } from '@evtstore/core'
import { readJsonLines } from './jsonl-file.js'

/** One stored event, one line of the events file. */
export interface EventLine {
  stream: string
  aggregateId: string
  version: number
  position: string
  timestamp: number
  id: string
  event: JsonValue
  meta?: EventMeta
}

/** What is known about one events file, kept in memory after its first read. */
export interface EventFile {
  file: string
  /** Every event, in position order. */
  log: EventLine[]
  /** Each aggregate's events, in version order, by `[stream, aggregateId]`. */
  aggregates: Map<string, EventLine[]>
  eventIds: Set<string>
  lastPosition: bigint
}

/** The key of one aggregate in `EventFile.aggregates`. */
export const aggregateKey = (stream: string, aggregateId: string) => JSON.stringify([stream, aggregateId])

// One state per file for the whole process: every provider on a file shares it.
const loaded = new Map<string, EventFile>()

/** The file's state, read from disk the first time. */
export function eventFile(file: string): EventFile {
  let state = loaded.get(file)
  if (state === undefined) {
    state = { file, log: [], aggregates: new Map(), eventIds: new Set(), lastPosition: 0n }
    for (const line of readJsonLines(file)) remember(state, line as EventLine)
    loaded.set(file, state)
  }
  return state
}

/** Adds a written line to the in-memory state. */
export function remember(state: EventFile, line: EventLine): void {
  state.log.push(line)
  const key = aggregateKey(line.stream, line.aggregateId)
  state.aggregates.set(key, [...(state.aggregates.get(key) ?? []), line])
  state.eventIds.add(line.id)
  state.lastPosition = BigInt(line.position)
}

/** The envelope core expects for a stored line. */
export function toEnvelope(line: EventLine): StoredEvent {
  const envelope: StoredEvent = {
    stream: line.stream,
    aggregateId: line.aggregateId,
    version: line.version,
    position: line.position,
    timestamp: new Date(line.timestamp),
    id: line.id,
    event: line.event,
  }
  if (line.meta !== undefined) envelope.meta = line.meta
  return envelope
}
