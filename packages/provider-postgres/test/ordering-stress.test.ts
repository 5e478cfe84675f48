import { describePgOrderingStress } from '@evtstore/postgres-test-kit'
import { openTestDatabase } from './support/database.js'
import { postgresTarget } from './support/postgres-target.js'

// The ordering stress proof (docs/architecture.md, "Ordering") for @evtstore/provider-postgres: the shared stress scenario (three rounds,
// totals printed) and its controls, over postgres.js.
describePgOrderingStress(async () => {
  const t = await openTestDatabase('postgres_stress', 4)
  return { target: postgresTarget(t), close: () => t.close() }
})
