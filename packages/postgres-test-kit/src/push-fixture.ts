import { createAggregate } from '@evtstore/core'

/** The aggregate the push tests append to: one stream, `added` events counted. */
export const pushCounter = createAggregate({
  stream: 'pushed',
  create: () => ({ n: 0 }),
  fold: (_event: { type: 'added' }, state: { n: number }) => ({ n: state.n + 1 }),
})

/** Polls `check` every 5 ms; throws `what` (with the wait) once `ms` have passed. */
export async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} (waited ${ms} ms)`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
