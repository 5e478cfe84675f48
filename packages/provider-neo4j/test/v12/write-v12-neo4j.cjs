// Writes an evtstore@12 store with v12's own neo4j provider (Neo4j 4.4 and 5) or its
// neo4j-v3 provider (Neo4j 3.5) — v12's migrate(), domain, commands and handlers — and
// prints what it wrote as JSON:
//   node write-v12-neo4j.cjs URL SERVER DRIVER EVENTS_LABEL BOOKMARKS_LABEL PREFIX
// SERVER is 5, 4.4 or 3.5; DRIVER the installed neo4j-driver package v12's provider is
// given as `neo4j-driver` (v12 does not pin one; it was built against the 4.x line).
const [url, server, driverPackage, events, bookmarks, prefix] = process.argv.slice(2)
const neo4j = require('./neo4j-driver-as.cjs')(driverPackage)
const v12 = require(server === '3.5' ? 'evtstore/provider/neo4j-v3' : 'evtstore/provider/neo4j')
const { printAndExit, writeV12Store } = require('@evtstore/v12-test-kit')

printAndExit(async () => {
  const client = neo4j.driver(url)
  try {
    if (server === '5') {
      // v12's migrate() creates its constraints with `ON ... ASSERT`, which Neo4j 5 refuses
      // (SyntaxError: "Replace ON with FOR and ASSERT with REQUIRE"), and its transaction
      // is not committed: on 5 a v12 store has no indexes or constraints (its appends need none).
      await v12.migrate({ client, events, bookmarks }).then(
        () => {
          throw new Error('v12 migrate() was expected to fail on Neo4j 5')
        },
        (err) => {
          if (err.code !== 'Neo.ClientError.Statement.SyntaxError' || !/ASSERT/.test(err.message)) throw err
        },
      )
    } else {
      await v12.migrate({ client, events, bookmarks })
    }
    const provider = v12.createProvider({ client, events, bookmarks })
    return await writeV12Store(require('evtstore'), provider, prefix)
  } finally {
    await client.close()
  }
})
