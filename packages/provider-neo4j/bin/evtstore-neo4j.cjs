#!/usr/bin/env node
// evtstore-neo4j migrate-from-v12 --from-url bolt://host:7687 --to-url bolt://host:7687 [--to-events evt_events]
require('../dist/cjs/v12/cli.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
