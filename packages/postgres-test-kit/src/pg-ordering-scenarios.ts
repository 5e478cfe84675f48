import { randomUUID } from 'node:crypto'
import {
  comparePositions,
  createAggregate,
  createDomain,
  type Provider,
  type StoredEvent,
} from '@evtstore/core'
import type { PgTarget } from './pg-target.js'
import { waitForGate } from './wait-for-gate.js'

type Noted = { type: 'noted'; label: string }

const account = createAggregate({
  stream: 'account',
  create: () => ({ count: 0 }),
  fold: (_ev: Noted, state: { count: number }) => ({ count: state.count + 1 }),
})

/**
 * A handler over `reader` (stream `account`) that records every event it is handed.
 *
 * @example
 * ```ts
 * const { handler, labels } = recordingHandler(target.provider(events))
 * await handler.runOnce()
 * labels() // ['held', 'later']
 * ```
 */
export function recordingHandler(reader: Provider, name = 'proof') {
  const { createHandler } = createDomain({ provider: reader, cacheSize: 0 }, { account })
  const seen: StoredEvent<Noted>[] = []
  const handler = createHandler(name, ['account'], { batchSize: 50 })
  handler.handle('account', 'noted', (_id, _ev, envelope) => void seen.push(envelope))
  return { handler, seen, labels: () => seen.map((e) => e.event.label) }
}

/**
 * One `noted` event with a fresh id, as an append's `events`.
 *
 * @example
 * ```ts
 * await provider.append({ stream: 'account', aggregateId: 'a', expectedVersion: 0, events: note('a') })
 * ```
 */
export const note = (label: string) => [{ id: randomUUID(), event: { type: 'noted', label } }]

/**
 * A fresh events table (and its bookmarks table) for one scenario; returns its name.
 *
 * @example
 * ```ts
 * const events = await freshTable(target) // 'proof_1a2b3c4d5e6f'
 * ```
 */
export async function freshTable(target: PgTarget): Promise<string> {
  const events = `proof_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  await target.migrate(events)
  return events
}

/** What a handler saw in a scenario, before and after the held transaction committed. */
export interface ScenarioResult {
  before: string[]
  positionBefore: string
  after: string[]
  positionsAscending: boolean
}

function ascending(events: StoredEvent[]): boolean {
  return events.every((e, i) => i === 0 || comparePositions(events[i - 1]!.position, e.position) < 0)
}

/**
 * The deterministic ordering proof (docs/architecture.md, "Ordering"): an append inside a transaction held open (so it draws the lower
 * position), a later append that commits, `runOnce()`; then the held one commits and
 * `runOnce()` runs again. A correct provider hands over nothing before the commit and
 * both events, held one first, after it.
 *
 * @example
 * ```ts
 * const result = await heldAppendScenario(target, events, target.provider(events))
 * ```
 */
export async function heldAppendScenario(
  target: PgTarget,
  events: string,
  reader: Provider,
): Promise<ScenarioResult> {
  const { handler, seen, labels } = recordingHandler(reader)
  const held = await target.session(events)
  try {
    await held.begin()
    await held.provider.append({
      stream: 'account',
      aggregateId: 'held',
      expectedVersion: 0,
      events: note('held'),
    })
    await target
      .provider(events)
      .append({ stream: 'account', aggregateId: 'later', expectedVersion: 0, events: note('later') })
    await handler.runOnce()
    const before = labels()
    const positionBefore = await handler.getPosition()
    await held.commit()
    await waitForGate(target.query, events)
    await handler.runOnce()
    return { before, positionBefore, after: labels(), positionsAscending: ascending(seen) }
  } finally {
    await held.close()
  }
}

/**
 * A transaction that got its transaction id early (it wrote something before) appends
 * after a younger transaction has drawn an earlier sequence number and is still open.
 * Ordering by the sequence alone loses the younger transaction's event here.
 *
 * @example
 * ```ts
 * const result = await earlyXidScenario(target, events, target.provider(events))
 * ```
 */
export async function earlyXidScenario(
  target: PgTarget,
  events: string,
  reader: Provider,
): Promise<ScenarioResult> {
  const { handler, seen, labels } = recordingHandler(reader)
  const old = await target.session(events)
  const young = await target.session(events)
  try {
    await old.begin()
    await old.query('SELECT pg_current_xact_id()')
    await young.begin()
    await young.provider.append({
      stream: 'account',
      aggregateId: 'young',
      expectedVersion: 0,
      events: note('young'),
    })
    await old.provider.append({
      stream: 'account',
      aggregateId: 'old',
      expectedVersion: 0,
      events: note('old'),
    })
    await old.commit()
    await waitForGate(target.query, events, 'old')
    await handler.runOnce()
    const before = labels()
    const positionBefore = await handler.getPosition()
    await young.commit()
    await waitForGate(target.query, events)
    await handler.runOnce()
    return { before, positionBefore, after: labels(), positionsAscending: ascending(seen) }
  } finally {
    await old.close()
    await young.close()
  }
}

/**
 * A transaction that got its id early appends version 2 of an aggregate whose version 1
 * a younger transaction committed meanwhile. Returns the versions in log order: the
 * log order of one aggregate must follow its versions ([1, 2]).
 *
 * @example
 * ```ts
 * expect(await versionOrderScenario(target, events)).toEqual([1, 2])
 * ```
 */
export async function versionOrderScenario(target: PgTarget, events: string): Promise<number[]> {
  const old = await target.session(events)
  try {
    await old.begin()
    await old.query('SELECT pg_current_xact_id()')
    await target
      .provider(events)
      .append({ stream: 'account', aggregateId: 'x', expectedVersion: 0, events: note('v1') })
    await old.provider.append({ stream: 'account', aggregateId: 'x', expectedVersion: 1, events: note('v2') })
    await old.commit()
  } finally {
    await old.close()
  }
  await waitForGate(target.query, events)
  const log = await target.provider(events).readLog({ streams: ['account'], after: '0', limit: 10 })
  return log.map((e) => e.version)
}
