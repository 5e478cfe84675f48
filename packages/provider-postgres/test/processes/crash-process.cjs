// A handler process for the crash test (forked by ../crash-processes.test.ts): the built
// package on the database in EVTSTORE_TEST_DATABASE_URL; each event inserts its projection
// row through the handler's transaction sql or, in the ordinary mode, the pool's sql.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
const { runCrashChild } = require('@evtstore/conformance')
const { createProvider } = require('@evtstore/provider-postgres')
const postgres = require('postgres')

runCrashChild(() => {
  const sql = postgres(process.env.EVTSTORE_TEST_DATABASE_URL, { max: 3, onnotice: () => undefined })
  return {
    provider: createProvider({ sql }),
    write: async (tx, event) => {
      await (tx ?? sql)`INSERT INTO crash_projection (event_id) VALUES (${event.id})`
    },
    close: () => sql.end(),
  }
})
