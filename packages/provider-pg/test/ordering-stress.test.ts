import { describePgOrderingStress } from '@evtstore/postgres-test-kit'
import { openTestDatabase } from './support/database.js'
import { pgTarget } from './support/pg-target.js'

// The ordering stress proof (docs/architecture.md, "Ordering") for @evtstore/provider-pg: the shared stress scenario (three rounds, totals
// printed) and its controls, over node-postgres.
describePgOrderingStress(async () => {
  const t = await openTestDatabase('pg_stress', 4)
  return { target: pgTarget(t), close: () => t.close() }
})
