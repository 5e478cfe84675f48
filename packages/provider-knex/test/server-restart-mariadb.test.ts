import { describeServerRestart } from '@evtstore/fault-test-kit'
import { knexRestartHarness } from './support/restart-target.js'

// The fault test on MariaDB through knex (mysql2): the server really stopped and started
// again while writers append and a handler runs.
describeServerRestart('provider-knex on MariaDB', knexRestartHarness('mariadb'))
