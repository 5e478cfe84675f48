// The parts of the raw SQL baselines that do not depend on the driver: the equivalent
// table (same columns as ours that a user would keep, the same unique constraints and
// log index) and the fold loop.
import { randomUUID } from 'node:crypto'
import { evolve, initialState } from '../model.mjs'

/** The rows of one append: [stream, aggregateId, version, eventId, payload JSON] each. */
export function rawRows(stream, id, version, events) {
  return events.map((event, k) => [stream, id, version + 1 + k, randomUUID(), JSON.stringify(event)])
}

/** Folds decoded payload rows into an aggregate, the way a hand-written loader does. */
export function foldRows(rows, payloadOf) {
  let state = initialState()
  let version = 0
  for (const row of rows) {
    state = evolve(state, payloadOf(row))
    version = row.version
  }
  return { ...state, version }
}

/** `VALUES (...), (...)` placeholders for `rows` rows of 5 columns; `mark(i)` names parameter i (1-based). */
export function valuesList(rows, mark, cast = '') {
  const out = []
  for (let r = 0; r < rows; r++) {
    const b = r * 5
    out.push(`(${mark(b + 1)}, ${mark(b + 2)}, ${mark(b + 3)}, ${mark(b + 4)}, ${mark(b + 5)}${cast})`)
  }
  return out.join(', ')
}
