// Fills a contender's store through its own append, a few appends in flight at a time.
// Seeding is not measured; it only has to leave the same events in every store.
import { deposits } from '../model.mjs'

/**
 * Appends `perAggregate` events to each of `aggregates` ids, `chunk` events per append,
 * round-robin over the ids (so one aggregate's events are spread through the log).
 */
export async function seed(contender, { ids, perAggregate, chunk, concurrency = 4 }) {
  const steps = []
  for (let done = 0; done < perAggregate; done += chunk) {
    for (const id of ids) steps.push({ id, version: done, count: Math.min(chunk, perAggregate - done) })
  }
  // an aggregate's appends must run in order: give each id to one lane
  const lanes = Array.from({ length: Math.min(concurrency, ids.length) }, () => [])
  const laneOf = new Map(ids.map((id, i) => [id, i % lanes.length]))
  for (const step of steps) lanes[laneOf.get(step.id)].push(step)
  await Promise.all(
    lanes.map(async (lane) => {
      for (const step of lane)
        await contender.append(step.id, step.version, deposits(step.count, step.version))
    }),
  )
}

/** Ids `<prefix>-0` … `<prefix>-(n-1)`. */
export const idRange = (prefix, n, from = 0) => Array.from({ length: n }, (_x, i) => `${prefix}-${from + i}`)
