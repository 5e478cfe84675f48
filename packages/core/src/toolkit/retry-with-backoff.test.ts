import { retryWithBackoff } from './retry-with-backoff.js'

describe('retryWithBackoff', () => {
  it('runs again after retryable failures, at most `attempts` times, then throws the last failure', async () => {
    const seen: number[] = []
    const err = await retryWithBackoff(
      async (attempt) => {
        seen.push(attempt)
        throw new Error(`failure ${attempt}`)
      },
      { attempts: 3, retryable: () => true, initialDelayMs: 1, maxDelayMs: 2 },
    ).catch((e: Error) => e)
    expect(seen).toEqual([1, 2, 3])
    expect(err).toMatchObject({ message: 'failure 3' })
  })

  it('throws a failure that is not retryable at once, and returns the first success', async () => {
    let calls = 0
    await expect(
      retryWithBackoff(async () => (calls++, Promise.reject(new Error('fatal'))), { attempts: 5, retryable: () => false }),
    ).rejects.toThrow('fatal')
    expect(calls).toBe(1)
    const value = await retryWithBackoff(async (attempt) => (attempt < 2 ? Promise.reject(new Error('x')) : 'ok'), {
      attempts: 5,
      retryable: () => true,
      initialDelayMs: 1,
    })
    expect(value).toBe('ok')
  })
})
