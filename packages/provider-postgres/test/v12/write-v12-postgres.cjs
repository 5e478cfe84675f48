// Writes an evtstore@12 store with v12's own postgres (postgres.js) provider (its migrate(),
// domain, commands and handlers) and prints what it wrote as JSON: node write-v12-postgres.cjs URL PREFIX
const postgres = require('postgres')
const v12 = require('evtstore/provider/postgres')
const { printAndExit, writeV12Store } = require('@evtstore/v12-test-kit')

const [url, prefix] = process.argv.slice(2)
printAndExit(async () => {
  const sql = postgres(url, { max: 2, onnotice: () => undefined })
  await v12.migrate({ sql, events: 'events', bookmarks: 'bookmarks' })
  const provider = v12.createProvider({ sql, events: 'events', bookmarks: 'bookmarks' })
  const written = await writeV12Store(require("evtstore"), provider, prefix)
  await sql.end()
  return written
})
