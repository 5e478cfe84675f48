import { describeV12Migration } from '@evtstore/v12-test-kit'
import { openTestStore, type TestStore } from './support/test-store.js'
import { neo4jV12Harness } from './support/v12-neo4j-harness.js'

// A store written by evtstore@12's neo4j provider on Neo4j 4.4 (neo4j-driver 4.4), copied
// under this provider's labels on the same server. Slow: run it on its own, --runInBand.
let store: TestStore
beforeAll(async () => {
  store = await openTestStore('neo4j44', 'v12')
})
afterAll(() => store?.close())

describeV12Migration('Neo4j 4.4, v12 neo4j provider on neo4j-driver 4.4', neo4jV12Harness(() => store))
