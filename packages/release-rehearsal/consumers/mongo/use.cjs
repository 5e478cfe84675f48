// A user's first program, as CommonJS: @evtstore/core + @evtstore/provider-mongo on MongoDB.
const { createProvider, migrate } = require('@evtstore/provider-mongo')
const { MongoClient } = require('mongodb')
const { run, runAccountFlow } = require('./account-flow.cjs')

run(async () => {
  const client = new MongoClient(process.env.MONGO_URL)
  try {
    const events = client.db().collection('events_cjs')
    const bookmarks = client.db().collection('bookmarks_cjs')
    await migrate(events, bookmarks)
    const provider = createProvider({ events, bookmarks })
    await runAccountFlow(provider, { providerPackage: '@evtstore/provider-mongo', packages: ['mongodb'] })
  } finally {
    await client.close()
  }
})
