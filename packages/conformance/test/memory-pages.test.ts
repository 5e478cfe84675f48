// The suite through jest's globals against a memory provider that caps every page at
// three events: reads returning fewer than `limit` must be handled everywhere.
import { createMemoryProvider } from '@evtstore/core/memory'
import { runProviderConformance } from '../src/index.js'

runProviderConformance({
  name: 'memory with 3-event pages',
  createProvider: () => createMemoryProvider({ limit: 3 }),
  capabilities: { persistent: false, leases: true, push: true },
  stress: { writers: 8, appendsPerWriter: 4 },
})
