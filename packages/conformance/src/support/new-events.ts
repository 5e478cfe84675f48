import type { EventMeta, JsonValue, NewEvent } from '@evtstore/core'
import { randomEventId } from './random-names.js'

/** `count` new events `{ type, n }` with random ids, n = first, first + 1, ... */
export function numberedEvents(count: number, type = 'numbered', first = 1): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({ id: randomEventId(), event: { type, n: first + index } }))
}

/** One new event with a random id. */
export function newEvent(event: { [key: string]: JsonValue }, meta?: EventMeta): NewEvent {
  return meta === undefined ? { id: randomEventId(), event } : { id: randomEventId(), event, meta }
}
