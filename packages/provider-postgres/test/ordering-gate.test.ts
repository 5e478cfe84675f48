import { describePgOrderingGate } from '@evtstore/postgres-test-kit'
import { openTestDatabase } from './support/database.js'
import { postgresTarget } from './support/postgres-target.js'

// The deterministic ordering proof (docs/architecture.md, "Ordering") for @evtstore/provider-postgres: the shared deterministic scenarios and
// their controls (no gate; gate over a sequence-ordered log), over postgres.js.
describePgOrderingGate(async () => {
  const t = await openTestDatabase('postgres_gate')
  return { target: postgresTarget(t), close: () => t.close() }
})
