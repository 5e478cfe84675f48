// Aggregate load: read and fold one aggregate from the store, without a cache.
import { now, median } from '../stats.mjs'

/** Loads `id` `times` times; resolves to the median milliseconds. Checks the fold saw every event. */
export async function loadRound(contender, { id, times, expected }) {
  const durations = []
  for (let i = 0; i < times; i++) {
    const t0 = now()
    const state = await contender.load(id)
    durations.push(now() - t0)
    if (state.count !== expected || state.version !== expected) {
      throw new Error(
        `loaded ${state.count} events at version ${state.version} of ${id}, expected ${expected}`,
      )
    }
  }
  return { ms: median(durations) }
}
