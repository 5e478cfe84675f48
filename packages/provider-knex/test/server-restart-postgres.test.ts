import { describeServerRestart } from '@evtstore/fault-test-kit'
import { knexRestartHarness } from './support/restart-target.js'

// The fault test on Postgres through knex (pg): the server really stopped (fast shutdown,
// every session ends with 57P01) and started again while writers append and a handler runs.
describeServerRestart('provider-knex on Postgres', knexRestartHarness('postgres'))
