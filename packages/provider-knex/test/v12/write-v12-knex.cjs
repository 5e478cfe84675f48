// Writes an evtstore@12 store with v12's own knex provider (its migrate(), domain, commands
// and handlers) and prints what it wrote as JSON: node write-v12-knex.cjs CLIENT CONNECTION PREFIX
const knexFactory = require('knex')
const v12 = require('evtstore/provider/knex')
const { printAndExit, writeV12Store } = require('@evtstore/v12-test-kit')

const [client, connection, prefix] = process.argv.slice(2)
printAndExit(async () => {
  const sqlite = client === 'better-sqlite3' || client === 'sqlite3'
  const db = knexFactory({ client, connection: sqlite ? { filename: connection } : connection, useNullAsDefault: true })
  await v12.migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
  const provider = v12.createProvider({ events: () => db.table('events'), bookmarks: () => db.table('bookmarks') })
  const written = await writeV12Store(require("evtstore"), provider, prefix)
  await db.destroy()
  return written
})
