// A handler process for the multi-process tests (forked by ../support/describe-processes.ts):
// the built package (the main entry, or /v3 when EVTSTORE_NEO4J_ENTRY is 'v3') on the
// server at EVTSTORE_NEO4J_URL, with the labels in EVTSTORE_NEO4J_EVENTS and
// EVTSTORE_NEO4J_BOOKMARKS, through the driver line its users would take (4.4 for 3.5),
// running the exclusive handler that @evtstore/conformance's runProcessChild sets up.
const { runProcessChild } = require('@evtstore/conformance')

runProcessChild(() => {
  const v3 = process.env.EVTSTORE_NEO4J_ENTRY === 'v3'
  const { createProvider } = require(v3 ? '@evtstore/provider-neo4j/v3' : '@evtstore/provider-neo4j')
  const neo4j = require(v3 ? 'neo4j-driver-v4' : 'neo4j-driver')
  const client = neo4j.driver(process.env.EVTSTORE_NEO4J_URL, undefined, { maxConnectionPoolSize: 4, connectionTimeout: 5000 })
  const provider = createProvider({
    client,
    events: process.env.EVTSTORE_NEO4J_EVENTS,
    bookmarks: process.env.EVTSTORE_NEO4J_BOOKMARKS,
  })
  return { provider, close: () => client.close() }
})
