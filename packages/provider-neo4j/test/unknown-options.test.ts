import { createProvider, migrate } from '../src/index.js'
import { createProvider as createV3Provider, migrate as migrateV3 } from '../src/v3/index.js'

// Refused before any I/O: the driver fails the test if a session is ever opened.
const client = {
  session: () => {
    throw new Error('no session may open for refused options')
  },
}

describe('options the provider does not know are refused', () => {
  it("createProvider (4.4/5 and /v3): evtstore@12's onError and a misspelt key", () => {
    expect(() => createProvider({ client, onError: () => undefined } as never)).toThrow(/options\.onError: unknown option/)
    expect(() => createV3Provider({ client, label: 'Events' } as never)).toThrow(/options\.label: unknown option/)
    // `database` keeps its own message on 3.5
    expect(() => createV3Provider({ client, database: 'neo4j' } as never)).toThrow(/Neo4j 3\.5 has one database/)
  })

  it('migrate refuses limit on both lines', async () => {
    await expect(migrate({ client, limit: 10 } as never)).rejects.toMatchObject({ path: 'options.limit', code: 'VALIDATION_FAILED' })
    await expect(migrateV3({ client, limit: 10 } as never)).rejects.toMatchObject({ path: 'options.limit' })
  })
})
