// provider.test.ts: the whole conformance suite for one provider, in jest.
import { runProviderConformance } from '../src/index.js'
import { createMemoryProvider } from '@evtstore/core/memory'

runProviderConformance({
  name: 'memory',
  // A fresh provider for each test; for a database, one on the shared test database.
  createProvider: () => createMemoryProvider(),
  // The memory provider forgets everything: the persistence test is skipped, visibly.
  // It stores snapshots, an optional capability: their tests run only when it is declared.
  // It keeps handler leases and pushes appends to running handlers (within one process),
  // so the lease and push tests run.
  capabilities: { persistent: false, snapshots: true, leases: true, push: true },
  // Per-test timeouts (ms): ordinary tests, and slow ones (stress, tail mode, setup).
  timeout: 10_000,
  slowTimeout: 60_000,
})
