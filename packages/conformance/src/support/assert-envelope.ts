import assert from 'node:assert/strict'
import { isPosition, type NewEvent, type StoredEvent } from '@evtstore/core'

/** How far a stored timestamp may be from this process's clock. */
const CLOCK_TOLERANCE_MS = 5 * 60_000

/** JSON round-trip: what a provider must give back for `value` (provider rule 6). */
export function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** Checks one stored envelope against the event that was appended. */
export function assertStoredEnvelope(
  stored: StoredEvent | undefined,
  expected: { stream: string; aggregateId: string; version: number; event: NewEvent },
  where: string,
): asserts stored is StoredEvent {
  assert.ok(stored !== undefined, `${where}: the event (version ${expected.version}) is missing`)
  assert.equal(stored.stream, expected.stream, `${where}: envelope.stream`)
  assert.equal(stored.aggregateId, expected.aggregateId, `${where}: envelope.aggregateId`)
  assert.equal(stored.version, expected.version, `${where}: envelope.version must be the next version of the aggregate`)
  assert.ok(isPosition(stored.position), `${where}: envelope.position ${String(stored.position)} is not a canonical decimal string`)
  assert.notEqual(stored.position, '0', `${where}: envelope.position must be greater than '0'`)
  assert.ok(stored.timestamp instanceof Date, `${where}: envelope.timestamp must be a Date`)
  const time = stored.timestamp.getTime()
  assert.ok(!Number.isNaN(time), `${where}: envelope.timestamp is an invalid Date`)
  assert.ok(
    Math.abs(time - Date.now()) < CLOCK_TOLERANCE_MS,
    `${where}: envelope.timestamp ${stored.timestamp.toISOString()} is more than 5 minutes from now (time zone or unit mix-up?)`,
  )
  assert.equal(stored.id, expected.event.id, `${where}: envelope.id must be the id given to append`)
  assert.deepStrictEqual(stored.event, viaJson(expected.event.event), `${where}: payload round-trip`)
  if (expected.event.meta === undefined) {
    assert.equal(stored.meta, undefined, `${where}: envelope.meta must be left out when no metadata was appended`)
  } else {
    assert.deepStrictEqual(stored.meta, viaJson(expected.event.meta), `${where}: metadata round-trip`)
  }
}

/** The same event read two ways (e.g. returned by append and read back) must be identical. */
export function assertSameEnvelope(actual: StoredEvent | undefined, expected: StoredEvent, where: string): void {
  assert.ok(actual !== undefined, `${where}: event ${expected.id} is missing`)
  assert.equal(actual.id, expected.id, `${where}: envelope.id`)
  assert.equal(actual.stream, expected.stream, `${where}: envelope.stream`)
  assert.equal(actual.aggregateId, expected.aggregateId, `${where}: envelope.aggregateId`)
  assert.equal(actual.version, expected.version, `${where}: envelope.version`)
  assert.equal(actual.position, expected.position, `${where}: envelope.position must not change once stored`)
  assert.ok(actual.timestamp instanceof Date, `${where}: envelope.timestamp must be a Date`)
  assert.equal(
    actual.timestamp.getTime(),
    expected.timestamp.getTime(),
    `${where}: envelope.timestamp read back differs from the one append returned`,
  )
  assert.deepStrictEqual(actual.meta, expected.meta, `${where}: envelope.meta`)
  assert.deepStrictEqual(actual.event, expected.event, `${where}: payload`)
}
