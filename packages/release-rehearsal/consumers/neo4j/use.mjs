// A user's first program, as an ES module: @evtstore/core + @evtstore/provider-neo4j on Neo4j 5.
import { createProvider, migrate } from '@evtstore/provider-neo4j'
import neo4j from 'neo4j-driver'
import { runAccountFlow } from './account-flow.mjs'

const client = neo4j.driver(process.env.NEO4J_URL) // the test server has no authentication; yours takes neo4j.auth.basic(user, password)
try {
  const labels = { events: `${process.env.LABEL_PREFIX}_EsmEvents`, bookmarks: `${process.env.LABEL_PREFIX}_EsmBookmarks` }
  await migrate({ client, ...labels })
  const provider = createProvider({ client, ...labels })
  await runAccountFlow(provider, { providerPackage: '@evtstore/provider-neo4j', packages: ['neo4j-driver'] })
} finally {
  await client.close()
}
