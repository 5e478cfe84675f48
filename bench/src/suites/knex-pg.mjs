// Suite: @evtstore/provider-knex on Postgres against raw pg, evtstore@12's knex provider and Emmett.
import { emmettPostgres } from '../contenders/emmett-postgres.mjs'
import { rawPg } from '../contenders/raw-pg.mjs'
import { oursKnex } from './knex-ours.mjs'
import { v12Knex } from './knex-v12.mjs'

export default {
  title: 'provider-knex on Postgres (pg)',
  server: 'postgres',
  contenders: {
    ours: (store) => oursKnex('ours, knex + Postgres', store),
    raw: rawPg,
    v12: (store) => v12Knex('evtstore@12, knex + Postgres', store),
    emmett: emmettPostgres,
  },
}
