// A handler process for the crash tests (forked by ../crash-processes-*.test.ts): the
// built package through knex on EVTSTORE_KNEX_CLIENT and EVTSTORE_KNEX_CONNECTION; each
// event inserts its projection row through the handler's Knex.Transaction or, in the
// ordinary mode, through the knex instance.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
const { runCrashChild } = require('@evtstore/conformance')
const { createProvider } = require('@evtstore/provider-knex')
const knex = require('knex')

runCrashChild(() => {
  const client = process.env.EVTSTORE_KNEX_CLIENT
  const connection = process.env.EVTSTORE_KNEX_CONNECTION
  const db =
    client === 'better-sqlite3'
      ? knex({ client, connection: { filename: connection }, useNullAsDefault: true })
      : knex({ client, connection, pool: { min: 0, max: 3 } })
  return {
    provider: createProvider({ client: db }),
    write: async (tx, event) => {
      await (tx ?? db)('crash_projection').insert({ event_id: event.id })
    },
    close: () => db.destroy(),
  }
})
