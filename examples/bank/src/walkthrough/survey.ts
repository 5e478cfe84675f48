import type { Provider } from '@evtstore/core'

/** What an event store already holds when the walkthrough starts. */
export interface StoreSurvey {
  /** Events in the `account` stream. */
  events: number
  /** The run numbers found in account ids (`r<run>-...`), ascending. */
  runs: number[]
  /** The number this run takes: one more than the highest found, `1` on an empty store. */
  nextRun: number
}

/**
 * The run number in an id of the walkthrough (`r2-acc-ada` -> 2), or undefined.
 *
 * @example
 * ```ts
 * runOf('r12-tr-1') // 12
 * ```
 */
export function runOf(id: string): number | undefined {
  const run = /^r(\d+)-/.exec(id)?.[1]
  return run === undefined ? undefined : Number(run)
}

/**
 * Reads the whole `account` log once (page by page) and counts what earlier runs left:
 * how many events, and which run numbers appear in the account ids. Each walkthrough run
 * names its accounts and transfers `r<run>-...`, so runs never collide.
 *
 * @example
 * ```ts
 * const survey = await surveyStore(provider)
 * survey.nextRun // 1 on an empty store, 2 after one run, ...
 * ```
 */
export async function surveyStore(provider: Provider): Promise<StoreSurvey> {
  const runs = new Set<number>()
  let events = 0
  let after = '0'
  for (;;) {
    const page = await provider.readLog({ streams: ['account'], after, limit: 1000 })
    const last = page.at(-1)
    if (last === undefined) break
    events += page.length
    for (const e of page) {
      const run = runOf(e.aggregateId)
      if (run !== undefined) runs.add(run)
    }
    after = last.position
  }
  const sorted = [...runs].sort((a, b) => a - b)
  return { events, runs: sorted, nextRun: (sorted.at(-1) ?? 0) + 1 }
}
