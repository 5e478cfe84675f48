// A handler process for the multi-process tests (forked by ../processes.test.ts): the
// built package on the database in EVTSTORE_TEST_DATABASE_URL, running the exclusive
// handler that @evtstore/conformance's runProcessChild sets up.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
const { runProcessChild } = require('@evtstore/conformance')
const { createProvider } = require('@evtstore/provider-pg')
const pg = require('pg')

runProcessChild(() => {
  const pool = new pg.Pool({ connectionString: process.env.EVTSTORE_TEST_DATABASE_URL, max: 2 })
  pool.on('error', () => undefined)
  return { provider: createProvider({ client: pool }), close: () => pool.end() }
})
