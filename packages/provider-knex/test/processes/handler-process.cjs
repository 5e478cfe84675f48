// A handler process for the multi-process tests (forked by ../processes-*.test.ts): the
// built package through knex on EVTSTORE_KNEX_CLIENT (better-sqlite3, sqlite3, mysql2 or pg) and
// EVTSTORE_KNEX_CONNECTION (a file name or a URL), running the exclusive handler that
// @evtstore/conformance's runProcessChild sets up.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
const { runProcessChild } = require('@evtstore/conformance')
const { createProvider } = require('@evtstore/provider-knex')
const knex = require('knex')

runProcessChild(() => {
  const client = process.env.EVTSTORE_KNEX_CLIENT
  const connection = process.env.EVTSTORE_KNEX_CONNECTION
  const db =
    client === 'better-sqlite3' || client === 'sqlite3'
      ? knex({ client, connection: { filename: connection }, useNullAsDefault: true })
      : knex({ client, connection, pool: { min: 0, max: 2 } })
  return { provider: createProvider({ client: db }), close: () => db.destroy() }
})
