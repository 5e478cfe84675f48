import { isValidationError } from '../errors.js'
import { driverOption, limitOption } from './driver-option.js'

interface Queryable {
  query(): void
}
const isQueryable = (value: unknown): value is Queryable =>
  typeof value === 'object' && value !== null && typeof (value as Queryable).query === 'function'

describe('driverOption', () => {
  const client: Queryable = { query: () => undefined }

  it('resolves a client given directly or as a promise', async () => {
    await expect(driverOption(client, 'options.client', isQueryable, 'a client')).resolves.toBe(client)
    await expect(
      driverOption(Promise.resolve(client), 'options.client', isQueryable, 'a client'),
    ).resolves.toBe(client)
  })

  it('throws before any I/O for a value that is neither a client nor a promise', () => {
    expect(() => driverOption({}, 'options.client', isQueryable, 'a client')).toThrow(
      'options.client: must be a client, or a promise of one',
    )
  })

  it('rejects at first use when the promise resolves to something else, and never counts as unhandled before', async () => {
    const resolved = driverOption(Promise.resolve(42), 'options.sql', isQueryable, 'a client')
    await new Promise((resolve) => setImmediate(resolve))
    const err = await resolved.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isValidationError(err)).toBe(true)
    expect(String(err)).toContain('options.sql: the promise did not resolve to a client')
  })
})

describe('limitOption', () => {
  it('defaults, accepts integers from 1 to MAX_PAGE_SIZE and refuses the rest naming the path', () => {
    expect(limitOption(undefined, 'options.limit')).toBe(1000)
    expect(limitOption(undefined, 'options.limit', 50)).toBe(50)
    expect(limitOption(1, 'options.limit')).toBe(1)
    expect(limitOption(100_000, 'options.limit')).toBe(100_000)
    for (const bad of [0, -1, 1.5, Number.NaN, '10', 100_001, 1e12, 2 ** 60])
      expect(() => limitOption(bad, 'options.limit')).toThrow(/^options\.limit: must be an integer from 1 to 100000/)
  })
})
