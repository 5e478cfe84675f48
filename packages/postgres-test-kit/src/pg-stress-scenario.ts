import { runOrderingStress, type HeldAppend, type StressTotals } from '@evtstore/conformance'
import type { AppendRequest, Provider } from '@evtstore/core'
import type { PgSession, PgTarget } from './pg-target.js'

/**
 * Held appends for the stress run on Postgres: each one `BEGIN`s on a dedicated
 * connection, appends through that connection's provider and stays open until
 * `commit()`. Connections are reused once committed, so a run opens about as many as
 * it holds appends at once.
 */
function heldAppends(target: PgTarget, events: string) {
  const idle: PgSession[] = []
  const opened: PgSession[] = []
  async function holdAppend(_provider: Provider, request: AppendRequest): Promise<HeldAppend> {
    const session = idle.pop() ?? (await target.session(events))
    if (!opened.includes(session)) opened.push(session)
    await session.begin()
    try {
      await session.provider.append(request)
    } catch (err) {
      await session.rollback()
      idle.push(session)
      throw err
    }
    return {
      async commit() {
        try {
          await session.commit()
        } finally {
          idle.push(session)
        }
      },
    }
  }
  return { holdAppend, close: async () => void (await Promise.all(opened.map((s) => s.close()))) }
}

/**
 * The ordering stress test on Postgres, through the conformance suite's
 * `runOrderingStress`: `writers` concurrent writers on the shared pool (half of them
 * holding each append open in its own transaction for a few milliseconds) while a
 * handler over `reader` catches up; `reader` is the real provider, or a broken one for a
 * control.
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
  const held = heldAppends(target, events)
  try {
    return await runOrderingStress({
      writerProviders: [target.provider(events), target.provider(events)],
      reader,
      holdAppend: held.holdAppend,
      writers: options.writers,
      appendsPerWriter: options.appendsPerWriter,
    })
  } finally {
    await held.close()
  }
}
