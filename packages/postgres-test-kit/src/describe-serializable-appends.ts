import { randomUUID } from 'node:crypto'
import { isVersionConflictError } from '@evtstore/core'
import type { PgProviderHarness } from './pg-provider-harness.js'
import { ev } from './test-events.js'

/**
 * Registers (jest) racing appends on a database whose default isolation is
 * `serializable`, where the losers fail with 40001 (or 40P01) instead of a unique
 * violation: on every round exactly one append wins and every other one is a
 * `VersionConflictError`, never a `ProviderError`. `open` must return a harness on a
 * database with `default_transaction_isolation = 'serializable'` (checked).
 *
 * @example
 * ```ts
 * describeSerializableAppends(async () => harnessOn(await openSerializableDatabase()))
 * ```
 */
export function describeSerializableAppends(open: () => Promise<PgProviderHarness>): void {
  let harness: PgProviderHarness | undefined
  const h = () => {
    if (harness === undefined) throw new Error('the test database is not open')
    return harness
  }

  beforeAll(async () => {
    harness = await open()
    await harness.migrate()
  }, 120_000)
  afterAll(() => harness?.close(), 120_000)

  it('racing appends under serializable isolation: one wins, the others are version conflicts', async () => {
    const [setting] = await h().query('SHOW default_transaction_isolation')
    expect(setting.default_transaction_isolation).toBe('serializable')
    const provider = h().provider()
    for (let round = 0; round < 8; round++) {
      const aggregateId = randomUUID()
      const base = round % 2
      if (base === 1) {
        await provider.append({ stream: 'race', aggregateId, expectedVersion: 0, events: [ev('opened')] })
      }
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          provider.append({ stream: 'race', aggregateId, expectedVersion: base, events: [ev(`w${i}`)] }),
        ),
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
      expect(won).toHaveLength(1)
      expect(lost.filter((err) => !isVersionConflictError(err))).toEqual([])
      const stored = await provider.readAggregate({ stream: 'race', aggregateId, afterVersion: 0, limit: 10 })
      expect(stored.map((e) => e.version)).toEqual(base === 1 ? [1, 2] : [1])
    }
  })
}
