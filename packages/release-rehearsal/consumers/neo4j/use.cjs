// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-neo4j on Neo4j 5.
const { createProvider, migrate } = require('@evtstore/provider-neo4j')
const neo4j = require('neo4j-driver')
const { run, runAccountFlow } = require('./account-flow.cjs')

run(async () => {
  const client = neo4j.driver(process.env.NEO4J_URL) // the test server has no authentication; yours takes neo4j.auth.basic(user, password)
  try {
    const labels = { events: `${process.env.LABEL_PREFIX}_CjsEvents`, bookmarks: `${process.env.LABEL_PREFIX}_CjsBookmarks` }
    await migrate({ client, ...labels })
    const provider = createProvider({ client, ...labels })
    await runAccountFlow(provider, { providerPackage: '@evtstore/provider-neo4j', packages: ['neo4j-driver'] })
  } finally {
    await client.close()
  }
})
