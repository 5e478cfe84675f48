// One Postgres and one MariaDB server per test run (already running ones are used when
// EVTSTORE_POSTGRES_URL / EVTSTORE_MARIADB_URL are set); each test file makes its own database.
module.exports = require('@evtstore/test-databases/jest-global-setup').setupDatabases(['postgres', 'mariadb'])
