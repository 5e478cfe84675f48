import { randomUUID } from 'node:crypto'
import { isVersionConflictError, type Provider, type StoredEvent } from '@evtstore/core'
import { counterDomain } from './counter-domain.js'
import { sleep } from './sleep.js'
import { countStress, type StressTotals } from './stress-totals.js'

/** Totals of {@link runProviderStress}: also how many events the writers' appends returned. */
export interface ProviderStressTotals extends StressTotals {
  appended: number
}

/**
 * DESIGN §4 (b) through the provider API alone (any database): `writers` concurrent
 * writers make multi-event appends (to their own aggregate and to a few shared ones,
 * retrying on conflicts) while a handler on `readerProvider` catches up concurrently.
 * Afterwards every stored event of this run is compared with what the handler saw; the
 * totals are printed with `label`.
 *
 * @example
 * ```ts
 * const totals = await runProviderStress('knex+sqlite round 1', writer, reader)
 * expectProviderStressComplete(totals)
 * ```
 */
export async function runProviderStress(
  label: string,
  writerProvider: Provider,
  readerProvider: Provider,
  options: { writers?: number; appendsPerWriter?: number } = {},
): Promise<ProviderStressTotals> {
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
  const totals: ProviderStressTotals = {
    appended,
    ...countStress(
      stored.map((e) => e.id),
      allSeen.filter(mine),
    ),
  }
  process.stdout.write(
    `[stress ${label}] writers=${writers} appended=${totals.appended} stored=${totals.stored} seen=${totals.seen} missed=${totals.missed} ` +
      `duplicated=${totals.duplicated} outOfOrder=${totals.outOfOrder}\n`,
  )
  return totals
}

/**
 * Asserts (jest `expect`) that more than `minimum` events were appended and every one was
 * stored and seen exactly once, in order.
 *
 * @example
 * ```ts
 * expectProviderStressComplete(await runProviderStress('sqlite', provider, provider))
 * ```
 */
export function expectProviderStressComplete(totals: ProviderStressTotals, minimum = 16 * 12): void {
  expect(totals.appended).toBeGreaterThan(minimum)
  expect(totals).toEqual({
    appended: totals.appended,
    stored: totals.appended,
    seen: totals.appended,
    missed: 0,
    duplicated: 0,
    outOfOrder: 0,
  })
}
