import { describePgOrderingGate } from '@evtstore/postgres-test-kit'
import { openKnexPgTarget } from './support/knex-pg-target.js'

// DESIGN §4 (a) for knex on Postgres: the deterministic scenarios and controls that
// @evtstore/provider-pg and @evtstore/provider-postgres run, through knex transactions.
describePgOrderingGate(openKnexPgTarget)
