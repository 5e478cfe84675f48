// Suite: the in-memory provider of @evtstore/core against evtstore@12's memory provider.
import { createMemoryProvider } from '@evtstore/core/memory'
import { oursContender } from '../contenders/ours.mjs'
import { v12Contender, v12Provider } from '../contenders/v12.mjs'

export default {
  title: 'memory (@evtstore/core/memory)',
  server: 'memory',
  inProcess: true, // the store lives in the process: a catch-up child seeds its own
  contenders: {
    ours: () =>
      oursContender('ours, memory', async () => ({
        provider: createMemoryProvider(),
        close: async () => undefined,
      })),
    raw: 'no driver to compare with: memory has no raw equivalent',
    v12: () =>
      v12Contender('evtstore@12, memory', async () => ({
        provider: v12Provider('memory').createProvider(),
        close: async () => undefined,
      })),
    emmett: 'Emmett is compared on PostgreSQL and MongoDB only',
  },
}
