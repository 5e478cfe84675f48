#!/usr/bin/env node
// evtstore-pg migrate-from-v12 --from-url postgres://... --to-url postgres://... [--to-events evt_events]
require('../dist/cjs/v12/cli.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
