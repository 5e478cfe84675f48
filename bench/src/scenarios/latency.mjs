// Append→handled latency: a running handler with its library's default poll settings;
// one append at a time, timed from the append call until the handler sees the event.
// `push: false` makes our handler poll only (the same tailInterval), for the figures
// without push on a provider that pushes.
import { deposit } from '../model.mjs'
import { now, percentile, sleep } from '../stats.mjs'

const SAMPLE_TIMEOUT_MS = 30_000
// the handler starts at position zero and first reads the whole write store (slow servers: minutes)
const CATCH_UP_TIMEOUT_MS = 600_000

/** Runs one round of `samples`; resolves to { p50, p99 } in ms. */
export async function latencyRound(contender, { samples, tag, push }) {
  const waiting = new Map()
  const seen = new Set()
  const follower = await contender.follow(
    (id) => {
      seen.add(id)
      waiting.get(id)?.()
    },
    push === undefined ? {} : { push },
  )
  const handled = (id, limit = SAMPLE_TIMEOUT_MS) =>
    new Promise((resolve, reject) => {
      if (seen.has(id)) return resolve()
      const timer = setTimeout(() => reject(new Error(`${id} not handled within ${limit} ms`)), limit)
      waiting.set(id, () => {
        clearTimeout(timer)
        resolve()
      })
    })
  const latencies = []
  try {
    // the handler starts at position zero: let it catch up first
    await contender.append(`${tag}-warm`, 0, [deposit(0)])
    await handled(`${tag}-warm`, CATCH_UP_TIMEOUT_MS)
    for (let s = 0; s < samples; s++) {
      const id = `${tag}-s${s}`
      const t0 = now()
      await contender.append(id, 0, [deposit(s)])
      await handled(id)
      latencies.push(now() - t0)
      await sleep(Math.random() * 20)
    }
  } finally {
    await follower.stop()
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies }
}
