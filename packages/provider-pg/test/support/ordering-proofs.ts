import { randomUUID } from 'node:crypto'
import {
  comparePositions,
  createAggregate,
  createDomain,
  type Provider,
  type StoredEvent,
} from '@evtstore/core'
import type { ProofTarget } from './proof-target.js'
import { waitForGate } from './wait-for-gate.js'

type Noted = { type: 'noted'; label: string }

const account = createAggregate({
  stream: 'account',
  create: () => ({ count: 0 }),
  fold: (_ev: Noted, state: { count: number }) => ({ count: state.count + 1 }),
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A handler over `reader` that records every event it is handed. */
function recordingHandler(reader: Provider, name = 'proof') {
  const { createHandler } = createDomain({ provider: reader, cacheSize: 0 }, { account })
  const seen: StoredEvent<Noted>[] = []
  const handler = createHandler(name, ['account'], { batchSize: 50 })
  handler.handle('account', 'noted', (_id, _ev, envelope) => void seen.push(envelope))
  return { handler, seen, labels: () => seen.map((e) => e.event.label) }
}

const note = (label: string) => [{ id: randomUUID(), event: { type: 'noted', label } }]

/** A fresh events table (and bookmarks table) for one scenario. */
export async function freshTable(target: ProofTarget): Promise<string> {
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
 * DESIGN §4 (a): an append inside a transaction held open (so it draws the lower
 * position), a later append that commits, `runOnce()`; then the held one commits and
 * `runOnce()` runs again. A correct provider hands over nothing before the commit and
 * both events, held one first, after it.
 */
export async function heldAppendScenario(
  target: ProofTarget,
  events: string,
  reader: Provider,
): Promise<ScenarioResult> {
  const { handler, seen, labels } = recordingHandler(reader)
  const held = await target.session(events)
  try {
    await held.query('BEGIN')
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
    await held.query('COMMIT')
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
 */
export async function earlyXidScenario(
  target: ProofTarget,
  events: string,
  reader: Provider,
): Promise<ScenarioResult> {
  const { handler, seen, labels } = recordingHandler(reader)
  const old = await target.session(events)
  const young = await target.session(events)
  try {
    await old.query('BEGIN')
    await old.query('SELECT pg_current_xact_id()')
    await young.query('BEGIN')
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
    await old.query('COMMIT')
    await waitForGate(target.query, events, 'old')
    await handler.runOnce()
    const before = labels()
    const positionBefore = await handler.getPosition()
    await young.query('COMMIT')
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
 */
export async function versionOrderScenario(target: ProofTarget, events: string): Promise<number[]> {
  const old = await target.session(events)
  try {
    await old.query('BEGIN')
    await old.query('SELECT pg_current_xact_id()')
    await target
      .provider(events)
      .append({ stream: 'account', aggregateId: 'x', expectedVersion: 0, events: note('v1') })
    await old.provider.append({ stream: 'account', aggregateId: 'x', expectedVersion: 1, events: note('v2') })
    await old.query('COMMIT')
  } finally {
    await old.close()
  }
  await waitForGate(target.query, events)
  const log = await target.provider(events).readLog({ streams: ['account'], after: '0', limit: 10 })
  return log.map((e) => e.version)
}

/** Totals of a stress run. */
export interface StressTotals {
  stored: number
  seen: number
  missed: number
  duplicated: number
  outOfOrder: number
}

/**
 * DESIGN §4 (b): `writers` concurrent writers, each on its own connection and aggregate,
 * append 1–4 events at a time (odd writers inside a transaction they keep open for a few
 * milliseconds), while a handler catches up in a loop. Then the handler runs once more
 * and what it saw is compared with every stored event.
 */
export async function stressScenario(
  target: ProofTarget,
  events: string,
  reader: Provider,
  options: { writers: number; appendsPerWriter: number },
): Promise<StressTotals> {
  const { handler, seen } = recordingHandler(reader, 'stress')
  let writing = true
  const catchUp = (async () => {
    while (writing) {
      await handler.runOnce()
      await sleep(1)
    }
  })()
  try {
    await Promise.all(
      Array.from({ length: options.writers }, async (_w, writer) => {
        const session = await target.session(events)
        try {
          let version = 0
          for (let i = 0; i < options.appendsPerWriter; i++) {
            const batch = Array.from(
              { length: 1 + ((writer + i) % 4) },
              (_x, k) => note(`${writer}/${i}/${k}`)[0]!,
            )
            const held = writer % 2 === 1
            if (held) await session.query('BEGIN')
            await session.provider.append({
              stream: 'account',
              aggregateId: `writer-${writer}`,
              expectedVersion: version,
              events: batch,
            })
            if (held) {
              await sleep(Math.random() * 4)
              await session.query('COMMIT')
            }
            version += batch.length
          }
        } finally {
          await session.close()
        }
      }),
    )
  } finally {
    writing = false
    await catchUp
  }
  await waitForGate(target.query, events)
  await handler.runOnce()
  const stored = (await target.query(`SELECT event_id FROM "${events}"`)).map(
    (r: { event_id: string }) => r.event_id,
  )
  const counts = new Map<string, number>()
  for (const e of seen) counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  const outOfOrder = seen.filter(
    (e, i) => i > 0 && comparePositions(seen[i - 1]!.position, e.position) >= 0,
  ).length
  return {
    stored: stored.length,
    seen: seen.length,
    missed: stored.filter((id) => !counts.has(id)).length,
    duplicated: [...counts.values()].filter((n) => n > 1).length,
    outOfOrder,
  }
}
