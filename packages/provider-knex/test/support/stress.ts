import { randomUUID } from 'node:crypto'
import { comparePositions, isVersionConflictError, type Provider, type StoredEvent } from '@evtstore/core'
import { counterDomain } from './counter-domain.js'

/** What a stress run found; every count but `stored` and `seen` must be zero. */
export interface StressTotals {
  /** Events the writers' appends returned. */
  appended: number
  stored: number
  seen: number
  missed: number
  duplicated: number
  outOfOrder: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * DESIGN §4 (b): `writers` concurrent writers make multi-event appends (to their own
 * aggregate and to a few shared ones, retrying on conflicts) while a handler on another
 * provider catches up concurrently. Afterwards every stored event of this run must have
 * been seen exactly once, in position order.
 */
export async function runStress(
  label: string,
  writerProvider: Provider,
  readerProvider: Provider,
  options: { writers?: number; appendsPerWriter?: number } = {},
): Promise<StressTotals> {
  const writers = options.writers ?? 16
  const appendsPerWriter = options.appendsPerWriter ?? 12
  const run = randomUUID().slice(0, 8)
  const { domain } = counterDomain(writerProvider, `stress-writer-${run}`)
  const { handler, seen: allSeen } = counterDomain(readerProvider, `stress-${run}`)
  const shared = [0, 1, 2].map((i) => `${run}-shared-${i}`)

  async function appendWithRetry(aggregateId: string, events: Array<{ type: 'added'; n: number }>) {
    for (let attempt = 0; ; attempt++) {
      const { version } = await domain.counter.getAggregate(aggregateId)
      try {
        return await domain.counter.append(aggregateId, events, { expectedVersion: version })
      } catch (err) {
        if (!isVersionConflictError(err) || attempt > 500) throw err
        await sleep(Math.random() * 5)
      }
    }
  }

  let appended = 0
  let writing = true
  const reading = (async () => {
    while (writing) {
      await handler.runOnce()
      await sleep(2)
    }
  })()
  await Promise.all(
    Array.from({ length: writers }, async (_w, w) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const events = Array.from({ length: 1 + ((w + i) % 3) }, (_e, k) => ({
          type: 'added' as const,
          n: w * 1000 + i * 10 + k,
        }))
        const target = i % 3 === 2 ? shared[(w + i) % shared.length]! : `${run}-writer-${w}`
        await appendWithRetry(target, events)
        appended += events.length
      }
    }),
  ).finally(() => {
    writing = false
  })
  await reading

  const mine = (e: StoredEvent) => e.aggregateId.startsWith(`${run}-`)
  const readStored = async () => {
    const found: StoredEvent[] = []
    let after = '0'
    for (;;) {
      const page = await readerProvider.readLog({ streams: ['counter'], after, limit: 500 })
      if (page.length === 0) return found
      found.push(...page.filter(mine))
      after = page[page.length - 1]!.position
    }
  }
  // On Postgres the log shows only what lies below every open transaction of the whole
  // server (other test files' too): wait, bounded, until all appended events are readable.
  let stored = await readStored()
  for (const deadline = Date.now() + 60_000; stored.length < appended && Date.now() < deadline;) {
    await sleep(100)
    stored = await readStored()
  }
  await handler.runOnce()
  const seen = allSeen.filter(mine)
  const counts = new Map<string, number>()
  for (const e of seen) counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  let outOfOrder = 0
  for (let i = 1; i < seen.length; i++)
    if (comparePositions(seen[i - 1]!.position, seen[i]!.position) >= 0) outOfOrder++
  const totals: StressTotals = {
    appended,
    stored: stored.length,
    seen: seen.length,
    missed: stored.filter((e) => !counts.has(e.id)).length,
    duplicated: [...counts.values()].filter((n) => n > 1).length,
    outOfOrder,
  }
  process.stdout.write(
    `[stress ${label}] writers=${writers} appended=${totals.appended} stored=${totals.stored} seen=${totals.seen} missed=${totals.missed} ` +
      `duplicated=${totals.duplicated} outOfOrder=${totals.outOfOrder}\n`,
  )
  return totals
}

/** Every appended event stored and seen exactly once, in order. */
export function expectComplete(totals: StressTotals): void {
  expect(totals.appended).toBeGreaterThan(16 * 12)
  expect(totals).toEqual({
    appended: totals.appended,
    stored: totals.appended,
    seen: totals.appended,
    missed: 0,
    duplicated: 0,
    outOfOrder: 0,
  })
}
