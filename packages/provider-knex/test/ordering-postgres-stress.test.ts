import { describePgOrderingStress } from '@evtstore/postgres-test-kit'
import { openKnexPgTarget } from './support/knex-pg-target.js'

// The ordering stress proof (docs/architecture.md, "Ordering") for knex on Postgres: the stress scenario (three rounds, totals printed)
// and controls that @evtstore/provider-pg and @evtstore/provider-postgres run.
describePgOrderingStress(openKnexPgTarget)
