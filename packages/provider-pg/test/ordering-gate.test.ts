import { describePgOrderingGate } from '@evtstore/postgres-test-kit'
import { openTestDatabase } from './support/database.js'
import { pgTarget } from './support/pg-target.js'

// The deterministic ordering proof (docs/architecture.md, "Ordering") for @evtstore/provider-pg: the shared deterministic scenarios and their
// controls (no gate; gate over a sequence-ordered log), over node-postgres.
describePgOrderingGate(async () => {
  const t = await openTestDatabase('pg_gate')
  return { target: pgTarget(t), close: () => t.close() }
})
