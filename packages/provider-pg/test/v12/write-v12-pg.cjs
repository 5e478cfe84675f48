// Writes an evtstore@12 store with v12's own pg provider (its migrate(), domain, commands
// and handlers) and prints what it wrote as JSON: node write-v12-pg.cjs URL PREFIX
const pg = require('pg')
const v12 = require('evtstore/provider/pg')
const { printAndExit, writeV12Store } = require('@evtstore/v12-test-kit')

const [url, prefix] = process.argv.slice(2)
printAndExit(async () => {
  const client = new pg.Pool({ connectionString: url, max: 2 })
  await v12.migrate({ client, events: 'events', bookmarks: 'bookmarks' })
  const provider = v12.createProvider({ client, events: 'events', bookmarks: 'bookmarks' })
  const written = await writeV12Store(require("evtstore"), provider, prefix)
  await client.end()
  return written
})
