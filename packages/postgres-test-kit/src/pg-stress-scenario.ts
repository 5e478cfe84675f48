import { runOrderingStress, type HeldAppend, type StressTotals } from '@evtstore/conformance'
import type { AppendRequest, Provider } from '@evtstore/core'
import type { PgSession, PgTarget } from './pg-target.js'

/**
 * The ordering stress test on Postgres, through the conformance suite's
 * `runOrderingStress`: `writers` concurrent writers, each on its own connection (a
 * session), half of them holding each append open in a transaction for a few
 * milliseconds, while a handler over `reader` catches up; `reader` is the real provider,
 * or a broken one for a control.
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
  const sessions: PgSession[] = []
  try {
    for (let i = 0; i < options.writers; i++) sessions.push(await target.session(events))
    const byProvider = new Map(sessions.map((session) => [session.provider, session]))
    // A held append runs on its writer's own connection: BEGIN, append, COMMIT later.
    const holdAppend = async (provider: Provider, request: AppendRequest): Promise<HeldAppend> => {
      const session = byProvider.get(provider)
      if (session === undefined) throw new Error('holdAppend: no session for this provider')
      await session.begin()
      try {
        await session.provider.append(request)
      } catch (err) {
        await session.rollback()
        throw err
      }
      return { commit: () => session.commit() }
    }
    return await runOrderingStress({
      writerProviders: sessions.map((session) => session.provider),
      reader,
      holdAppend,
      writers: options.writers,
      appendsPerWriter: options.appendsPerWriter,
      batchSize: 50,
    })
  } finally {
    await Promise.all(sessions.map((session) => session.close()))
  }
}
