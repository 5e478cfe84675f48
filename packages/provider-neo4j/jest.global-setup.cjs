// Starts (or finds, via EVTSTORE_NEO4J5_URL, EVTSTORE_NEO4J44_URL, EVTSTORE_NEO4J35_URL)
// the Neo4j 5.26, 4.4 and 3.5 servers for this test run. While working on one line, set
// EVTSTORE_TEST_DATABASES=neo4j5 (say) and run only that line's files.
const kinds = process.env.EVTSTORE_TEST_DATABASES
  ? process.env.EVTSTORE_TEST_DATABASES.split(',').map((kind) => kind.trim()).filter(Boolean)
  : ['neo4j5', 'neo4j44', 'neo4j35']
module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases(kinds)
