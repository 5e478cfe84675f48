// A handler process for the crash test (forked by ../crash-processes.test.ts): the built
// package on the database in EVTSTORE_TEST_DATABASE_URL; each event inserts its projection
// row through the handler's transaction (a PoolClient) or, in the ordinary mode, the pool.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
const { runCrashChild } = require('@evtstore/conformance')
const { createProvider } = require('@evtstore/provider-pg')
const pg = require('pg')

runCrashChild(() => {
  const pool = new pg.Pool({ connectionString: process.env.EVTSTORE_TEST_DATABASE_URL, max: 3 })
  pool.on('error', () => undefined)
  return {
    provider: createProvider({ client: pool }),
    write: async (tx, event) => {
      await (tx ?? pool).query('INSERT INTO crash_projection (event_id) VALUES ($1)', [event.id])
    },
    close: () => pool.end(),
  }
})
