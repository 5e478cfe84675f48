#!/usr/bin/env node
// evtstore-knex migrate-from-v12 --client better-sqlite3 --from-url app.sqlite --to-events evt_events ...
require('../dist/cjs/v12/cli.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
