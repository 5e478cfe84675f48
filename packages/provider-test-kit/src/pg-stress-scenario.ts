import type { Provider } from '@evtstore/core'
import { note, recordingHandler } from './pg-ordering-scenarios.js'
import type { PgTarget } from './pg-target.js'
import { sleep } from './sleep.js'
import { countStress, type StressTotals } from './stress-totals.js'
import { waitForGate } from './wait-for-gate.js'

/**
 * DESIGN §4 (b) on Postgres: `writers` concurrent writers, each on its own session and
 * aggregate, append 1–4 events at a time (odd writers inside a transaction they keep open
 * for a few milliseconds), while a handler over `reader` catches up in a loop. Then the
 * handler runs once more and what it saw is compared with every stored row.
 *
 * @example
 * ```ts
 * const totals = await pgStressScenario(target, events, target.provider(events), { writers: 16, appendsPerWriter: 40 })
 * ```
 */
export async function pgStressScenario(
  target: PgTarget,
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
            if (held) await session.begin()
            await session.provider.append({
              stream: 'account',
              aggregateId: `writer-${writer}`,
              expectedVersion: version,
              events: batch,
            })
            if (held) {
              await sleep(Math.random() * 4)
              await session.commit()
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
  return countStress(stored, seen)
}
