#!/usr/bin/env node
// evtstore-mongo migrate-from-v12 --from-url mongodb://host/db --to-url mongodb://host/db [--to-events evt_events]
require('../dist/cjs/v12/cli.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
