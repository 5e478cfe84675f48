import { START_POSITION, type Position, type StoredEvent } from '@evtstore/core'
import { aggregateKey, eventFile, toEnvelope } from './event-file.js'
import { appendJsonLines, readJsonLines } from './jsonl-file.js'

/** Versions after `afterVersion` of one aggregate, ascending, at most `limit`. */
export function readAggregate(
  file: string,
  request: { stream: string; aggregateId: string; afterVersion: number; limit: number },
): StoredEvent[] {
  const rows = eventFile(file).aggregates.get(aggregateKey(request.stream, request.aggregateId)) ?? []
  // Versions are 1-based and contiguous, so version v sits at index v - 1.
  return rows.slice(request.afterVersion, request.afterVersion + request.limit).map(toEnvelope)
}

/**
 * Events of `streams` positioned after `after`, ascending, at most `limit`. Every append
 * is written whole before any read runs, so what is returned can no longer change.
 */
export function readLog(file: string, request: { streams: readonly string[]; after: Position; limit: number }): StoredEvent[] {
  const { log } = eventFile(file)
  const after = BigInt(request.after)
  const streams = new Set(request.streams)
  const found: StoredEvent[] = []
  // Positions are 1, 2, 3, … in file order: position p is line p - 1.
  for (let i = Number(after); i < log.length && found.length < request.limit; i++) {
    if (streams.has(log[i]!.stream)) found.push(toEnvelope(log[i]!))
  }
  return found
}

interface BookmarkLine {
  name: string
  position: Position
}

/** The last position saved under `name`, `'0'` when none. */
export function getBookmark(file: string, name: string): Position {
  let position: Position = START_POSITION
  for (const line of readJsonLines(file) as BookmarkLine[]) if (line.name === name) position = line.position
  return position
}

/** Saves a bookmark: a new line, the last one for a name wins. */
export function setBookmark(file: string, name: string, position: Position): void {
  appendJsonLines(file, [{ name, position } satisfies BookmarkLine])
}
