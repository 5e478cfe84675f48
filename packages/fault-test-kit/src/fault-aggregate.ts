import { createAggregate } from '@evtstore/core'

/** The aggregate the fault test's writers append to: one stream, `noted` events counted. */
export const faultNote = createAggregate({
  stream: 'fault',
  create: () => ({ notes: 0 }),
  fold: (_event: { type: 'noted'; n: number }, state: { notes: number }) => ({ notes: state.notes + 1 }),
})
