// Starts (or finds, via EVTSTORE_MONGO_URL) the MongoDB server for this test run.
module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases(['mongo'])
