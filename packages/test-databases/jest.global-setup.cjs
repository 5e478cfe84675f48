// Starts the servers the smoke tests need. Kinds: EVTSTORE_TEST_DATABASES (comma list)
// if set, else every kind that has a smoke test. Uses the sources' build in dist (turbo builds before testing).
const { setupDatabases } = require('./dist/cjs/jest-global-setup.js')
const kinds = process.env.EVTSTORE_TEST_DATABASES
  ? process.env.EVTSTORE_TEST_DATABASES.split(',')
  : ['postgres', 'mariadb', 'mongo', 'neo4j5', 'neo4j44', 'neo4j35']
module.exports = setupDatabases(kinds)
