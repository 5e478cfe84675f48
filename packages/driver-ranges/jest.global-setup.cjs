// Starts (or finds) the servers the driver-range tests use.
module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases([
  'postgres',
  'mariadb',
  'mongo',
  'neo4j5',
  'neo4j44',
  'neo4j35',
])
