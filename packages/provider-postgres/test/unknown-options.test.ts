import { createProvider, migrate } from '../src/index.js'

// Refused before any I/O: the sql instance fails the test if it is ever asked to run a query.
const sql = {
  unsafe: () => {
    throw new Error('no query may run for refused options')
  },
}

describe('options the provider does not know are refused', () => {
  it("createProvider: evtstore@12's onError, and client given instead of sql", () => {
    expect(() => createProvider({ sql, onError: () => undefined } as never)).toThrow(/options\.onError: unknown option/)
    expect(() => createProvider({ sql, client: sql } as never)).toThrow(/options\.client: unknown option \(this provider takes the postgres\.js instance as sql/)
  })

  it('migrate refuses limit', async () => {
    await expect(migrate({ sql, limit: 10 } as never)).rejects.toMatchObject({ path: 'options.limit', code: 'VALIDATION_FAILED' })
  })
})
