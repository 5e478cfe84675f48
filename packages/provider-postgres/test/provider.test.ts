import { isAppendOutcomeUnknownError, isProviderError, isValidationError } from '@evtstore/core'
import { caught, describePgProviderBehaviour, ev } from '@evtstore/postgres-test-kit'
import { createProvider, migrate, type PostgresSql } from '../src/index.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'

// The shared Postgres provider behaviour (migrate, append and read, stores, bookmarks,
// missing tables) over postgres.js, then what only this driver's options need.

let t: PostgresTestDatabase

describePgProviderBehaviour(async () => {
  t = await openTestDatabase('provider_postgres')
  return {
    query: async (text, values) => [...(await t.sql.unsafe(text, (values ?? []) as never[]))],
    migrate: (tables) => migrate({ sql: t.sql, ...tables }),
    provider: ({ lazy, ...options } = {}) =>
      createProvider({ sql: lazy === true ? Promise.resolve(t.sql) : t.sql, ...options }),
    close: () => t.close(),
  }
}, 'constraint_name')

describe('errors and validation', () => {
  it('reports an append on a lost connection as of unknown outcome, with the driver error as cause', async () => {
    const sql = t.connect()
    const lost = createProvider({ sql })
    await sql.end()
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
    const spy: PostgresSql = {
      unsafe: (text: string) => {
        queries.push(text)
        const done = Promise.resolve([])
        return Object.assign(done, { simple: () => done })
      },
    }
    for (const name of ['events; drop table x', 'ev"ents', 'a.b.c', ' events', '']) {
      expect(() => createProvider({ sql: spy, events: name })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      )
      const err = await caught(migrate({ sql: spy, bookmarks: name }))
      expect(isValidationError(err)).toBe(true)
    }
    expect(() => createProvider({ sql: spy, limit: 0 })).toThrow(/options.limit/)
    expect(() => createProvider({ sql: {} as PostgresSql })).toThrow(/options.sql/)
    expect(queries).toEqual([])
  })
})
