import { DuplicateEventError, ProviderError, VersionConflictError, isProviderError } from '../errors.js'
import type { AppendRequest } from '../provider.js'
import { defineProvider, type ProviderDefinition } from './define-provider.js'

const request: AppendRequest = {
  stream: 's',
  aggregateId: 'a',
  expectedVersion: 0,
  events: [
    { id: 'e1', event: { type: 't' } },
    { id: 'e2', event: { type: 't' } },
  ],
}

function definition(overrides: Partial<ProviderDefinition> = {}): ProviderDefinition {
  return {
    name: 'test',
    limit: 5,
    append: async () => [],
    readAggregate: async () => [],
    readLog: async () => [],
    getBookmark: async () => '0',
    setBookmark: async () => undefined,
    ...overrides,
  }
}

describe('defineProvider', () => {
  it('caps every read at the limit', async () => {
    const asked: number[] = []
    const provider = defineProvider(
      definition({
        readLog: async (r) => (asked.push(r.limit), []),
        readAggregate: async (r) => (asked.push(r.limit), []),
      }),
    )
    await provider.readLog({ streams: ['s'], after: '0', limit: 100 })
    await provider.readAggregate({ stream: 's', aggregateId: 'a', afterVersion: 0, limit: 3 })
    expect(asked).toEqual([5, 3])
  })

  it('wraps driver errors in ProviderError with the cause and passes evtstore errors through', async () => {
    const cause = new Error('connection lost')
    const conflict = new VersionConflictError({ stream: 's', aggregateId: 'a', expectedVersion: 0 })
    const provider = defineProvider(
      definition({
        getBookmark: async () => Promise.reject(cause),
        append: async () => Promise.reject(conflict),
      }),
    )
    const err = await provider.getBookmark('b').catch((e: unknown) => e)
    expect(isProviderError(err)).toBe(true)
    expect(err).toMatchObject({ provider: 'test', operation: 'getBookmark', cause })
    await expect(provider.append(request)).rejects.toBe(conflict)
  })

  it("uses the definition's failure translation for appends, with the request", async () => {
    const cause = { code: 'clash' }
    const provider = defineProvider(
      definition({
        append: async () => Promise.reject(cause),
        failure: (operation, err, req) =>
          operation === 'append' && req !== undefined
            ? new VersionConflictError({ stream: req.stream, aggregateId: req.aggregateId, expectedVersion: 0 }, { cause: err })
            : new ProviderError({ provider: 'test', operation }, { cause: err }),
      }),
    )
    await expect(provider.append(request)).rejects.toMatchObject({ code: 'VERSION_CONFLICT', cause })
  })

  it('narrows a duplicate-id error to the ids that are stored already', async () => {
    const provider = defineProvider(
      definition({
        append: async () =>
          Promise.reject(new DuplicateEventError({ stream: 's', aggregateId: 'a', eventIds: ['e1', 'e2'] })),
        storedEventIds: async () => ['e2'],
      }),
    )
    await expect(provider.append(request)).rejects.toMatchObject({ code: 'DUPLICATE_EVENT', eventIds: ['e2'] })
  })
})
