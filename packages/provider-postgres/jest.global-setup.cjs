// Starts (or finds, via EVTSTORE_POSTGRES_URL) the Postgres server for this test run.
module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases(['postgres'])
