import { randomUUID } from 'node:crypto'

/** A random stream name: tests never share streams, so they can share a database. */
export function randomStream(label = 's'): string {
  return `cf-${label}-${randomUUID()}`
}

/** A random aggregate id. */
export function randomAggregateId(): string {
  return randomUUID()
}

/** A random event id (UUID-shaped, like the ids core generates). */
export function randomEventId(): string {
  return randomUUID()
}

/** A random bookmark (handler) name. */
export function randomBookmarkName(): string {
  return `cf-bookmark-${randomUUID()}`
}
