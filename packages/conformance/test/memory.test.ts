// The suite against the memory provider through jest's own globals: no runner wiring.
import { createMemoryProvider } from '@evtstore/core/memory'
import { runProviderConformance } from '../src/index.js'

runProviderConformance({
  name: 'memory',
  createProvider: () => createMemoryProvider(),
  capabilities: { persistent: false },
})

runProviderConformance({
  name: 'memory with 3-event pages',
  createProvider: () => createMemoryProvider({ limit: 3 }),
  capabilities: { persistent: false },
  stress: { writers: 8, appendsPerWriter: 4 },
})
