import { isAppendOutcomeUnknownError, isProviderError, isValidationError } from '@evtstore/core'
import { caught, describePgProviderBehaviour, ev } from '@evtstore/postgres-test-kit'
import { createProvider, migrate, type PgQueryable } from '../src/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'

// The shared Postgres provider behaviour (migrate, append and read, stores, bookmarks,
// missing tables) over node-postgres, then what only this driver's options need.

let t: PgTestDatabase

describePgProviderBehaviour(async () => {
  t = await openTestDatabase('provider_pg')
  return {
    query: async (text, values) => (await t.pool.query(text, values)).rows,
    migrate: (tables) => migrate({ client: t.pool, ...tables }),
    provider: ({ lazy, ...options } = {}) =>
      createProvider({ client: lazy === true ? Promise.resolve(t.pool) : t.pool, ...options }),
    close: () => t.close(),
  }
}, 'constraint')

describe('errors and validation', () => {
  it('reports an append on a lost connection as of unknown outcome, with the driver error as cause', async () => {
    const client = await t.connect()
    const lost = createProvider({ client })
    await client.end()
    const err = await caught(
      lost.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('a')] }),
    )
    // The only connection it has is gone, so the provider cannot look the event ids up.
    expect(isAppendOutcomeUnknownError(err)).toBe(true)
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(Error)
    // Reads have nothing to resolve: a plain ProviderError.
    expect(isProviderError(await caught(lost.getBookmark('b')))).toBe(true)
  })

  it('refuses unsafe table names and bad options before any I/O', async () => {
    const queries: string[] = []
    const spy: PgQueryable = {
      query: async ({ text }) => {
        queries.push(text)
        return { rows: [] }
      },
    }
    for (const name of ['events; drop table x', 'ev"ents', 'a.b.c', ' events', '']) {
      expect(() => createProvider({ client: spy, events: name })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      )
      const err = await caught(migrate({ client: spy, bookmarks: name }))
      expect(isValidationError(err)).toBe(true)
    }
    expect(() => createProvider({ client: spy, limit: 0 })).toThrow(/options.limit/)
    expect(() => createProvider({ client: {} as PgQueryable })).toThrow(/options.client/)
    expect(queries).toEqual([])
  })
})
