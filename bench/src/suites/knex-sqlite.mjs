// Suite: @evtstore/provider-knex on SQLite (better-sqlite3) against raw better-sqlite3 and evtstore@12's knex provider.
import { rawSqlite } from '../contenders/raw-sqlite.mjs'
import { oursKnex } from './knex-ours.mjs'
import { v12Knex } from './knex-v12.mjs'

export default {
  title: 'provider-knex on SQLite (better-sqlite3, a file)',
  server: 'sqlite',
  contenders: {
    ours: (store) => oursKnex('ours, knex + SQLite', store),
    raw: rawSqlite,
    v12: (store) => v12Knex('evtstore@12, knex + SQLite', store),
    emmett:
      'Emmett 0.42 has no SQLite event store in the packages compared (emmett-postgresql, emmett-mongodb)',
  },
}
