// Appends: `writers` concurrent writers, each on its own new aggregate, each doing
// `appends` sequential appends of `perAppend` events through the contender's append, or
// the same number of one-event commands.
import { deposits } from '../model.mjs'
import { now, percentile } from '../stats.mjs'

/** Runs one round; resolves to { rate (events/s), p50, p99 (ms per append or command) }. */
export async function appendRound(contender, { writers, appends, perAppend = 1, mode, tag }) {
  const latencies = []
  const start = now()
  await Promise.all(
    Array.from({ length: writers }, async (_x, w) => {
      const id = `${tag}-w${w}`
      for (let i = 0; i < appends; i++) {
        const t0 = now()
        if (mode === 'command') await contender.command(id)
        else await contender.append(id, i * perAppend, deposits(perAppend, i * perAppend))
        latencies.push(now() - t0)
      }
    }),
  )
  const seconds = (now() - start) / 1000
  return {
    rate: (writers * appends * perAppend) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies,
  }
}
