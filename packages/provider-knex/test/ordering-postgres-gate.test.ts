import { describePgOrderingGate } from '@evtstore/postgres-test-kit'
import { openKnexPgTarget } from './support/knex-pg-target.js'

// The deterministic ordering proof (docs/architecture.md, "Ordering") for knex on Postgres: the deterministic scenarios and controls that
// @evtstore/provider-pg and @evtstore/provider-postgres run, through knex transactions.
describePgOrderingGate(openKnexPgTarget)
