import { isValidationError } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'

// Refused before any I/O: the client fails the test if it is ever asked to run a query.
const client = {
  query: async () => {
    throw new Error('no query may run for refused options')
  },
}

describe('options the provider does not know are refused', () => {
  it("createProvider: evtstore@12's onError and a misspelt key", () => {
    expect(() => createProvider({ client, onError: () => undefined } as never)).toThrow(/options\.onError: unknown option .*handler/)
    let caught: unknown
    try {
      createProvider({ client, evnets: 'x' } as never)
    } catch (err) {
      caught = err
    }
    expect(isValidationError(caught) && caught.path).toBe('options.evnets')
  })

  it('migrate: provider-only options are refused too', async () => {
    await expect(migrate({ client, limit: 10 } as never)).rejects.toMatchObject({ path: 'options.limit', code: 'VALIDATION_FAILED' })
    await expect(migrate({ client, prepare: false } as never)).rejects.toMatchObject({ path: 'options.prepare' })
  })
})
