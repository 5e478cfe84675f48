import { randomUUID } from 'node:crypto'
import {
  guardProvider,
  isAppendOutcomeUnknownError,
  isProviderError,
  isValidationError,
  type Provider,
} from '@evtstore/core'
import { createPgProvider, pgTables } from '@evtstore/core/postgres'
import type { SqlRun } from '@evtstore/core/toolkit'
import type { PgProviderHarness } from './pg-provider-harness.js'
import { caught, ev } from './test-events.js'

/** Random text that compresses badly, `bytes` long (ASCII). */
const noise = (bytes: number) =>
  Array.from({ length: Math.ceil(bytes / 32) }, () => randomUUID().replace(/-/g, ''))
    .join('')
    .slice(0, bytes)

/**
 * Registers (jest) the input rules on Postgres: the btree limits on names declared and
 * refused before any I/O (never SQLSTATE 54000 after the fact), positions a Postgres store
 * could never produce refused, versions beyond 32 bits refused, and an append whose
 * answer is lost resolved by looking its event ids up.
 */
export function describePgInputLimits(h: () => PgProviderHarness, provider: () => Provider): void {
  const guarded = () => guardProvider(provider())
  const count = async (aggregateId: string) =>
    Number((await h().query('SELECT count(*)::int AS n FROM events WHERE aggregate_id = $1', [aggregateId]))[0].n)

  describe('input limits', () => {
    it('stores ids at the declared byte limits and refuses longer ones with a ValidationError naming the limit', async () => {
      const stream = noise(1024)
      const aggregateId = noise(1024)
      const stored = await guarded().append({ stream, aggregateId, expectedVersion: 0, events: [{ id: noise(2048), event: { type: 't' } }] })
      expect(await guarded().readAggregate({ stream, aggregateId, afterVersion: 0, limit: 1 })).toEqual(stored)
      const tooLong = noise(3000)
      const err = await caught(guarded().append({ stream: 's', aggregateId: tooLong, expectedVersion: 0, events: [ev('t')] }))
      expect(isValidationError(err)).toBe(true)
      expect((err as Error).message).toMatch(/at most 1024 bytes/)
      expect(await count(tooLong)).toBe(0)
      const name = noise(2049)
      expect(isValidationError(await caught(guarded().setBookmark(name, '1')))).toBe(true)
      await guarded().setBookmark(noise(2048), '1')
    })

    it('refuses positions a Postgres store could never produce, and versions beyond 32 bits', async () => {
      for (const position of ['1234567890123456789012345678901234567890', '9223372036854775808']) {
        expect(isValidationError(await caught(guarded().setBookmark('pg-limits', position)))).toBe(true)
        expect(isValidationError(await caught(guarded().readLog({ streams: ['s'], after: position, limit: 1 })))).toBe(true)
      }
      expect(await guarded().getBookmark('pg-limits')).toBe('0')
      const err = await caught(guarded().append({ stream: 's', aggregateId: randomUUID(), expectedVersion: 2 ** 31, events: [ev('t')] }))
      expect(isValidationError(err)).toBe(true)
      const read = await caught(guarded().readAggregate({ stream: 's', aggregateId: 'a', afterVersion: 2 ** 31, limit: 1 }))
      expect(isValidationError(read)).toBe(true)
    })
  })

  describe('an append whose answer is lost', () => {
    const tables = pgTables()
    const run: SqlRun = async ({ text, values }) => h().query(text, [...values])
    const onRun = (wrap: (statement: Parameters<SqlRun>[0]) => Promise<readonly unknown[]>) =>
      createPgProvider({ name: 'pg-lossy', tables, limit: 100, run: wrap })

    it('returns the stored envelopes when the statement ran but its rows were lost (a sparse result)', async () => {
      let lose = true
      const lossy = onRun(async (statement) => {
        const rows = await run(statement)
        if (lose && statement.text.includes('INSERT INTO')) {
          lose = false
          return []
        }
        return rows
      })
      const aggregateId = randomUUID()
      const stored = await guardProvider(lossy).append({ stream: 's', aggregateId, expectedVersion: 0, events: [ev('a'), ev('b')] })
      expect(stored.map((e) => e.version)).toEqual([1, 2])
      expect(await guarded().readAggregate({ stream: 's', aggregateId, afterVersion: 0, limit: 5 })).toEqual(stored)
    })

    it('says the append was not stored when the connection failed before it ran', async () => {
      let fail = true
      const lossy = onRun(async (statement) => {
        if (fail && statement.text.includes('INSERT INTO')) {
          fail = false
          throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })
        }
        return run(statement)
      })
      const aggregateId = randomUUID()
      const err = await caught(guardProvider(lossy).append({ stream: 's', aggregateId, expectedVersion: 0, events: [ev('a')] }))
      expect(isProviderError(err)).toBe(true)
      expect((err as Error).message).toMatch(/the append was not stored/)
      expect(await count(aggregateId)).toBe(0)
    })

    it('says it cannot tell, with its own code, when the lookup fails too', async () => {
      const lossy = onRun(async (statement) => {
        if (statement.text.includes('INSERT INTO') || statement.text.includes('event_id IN')) {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        }
        return run(statement)
      })
      const err = await caught(guardProvider(lossy).append({ stream: 's', aggregateId: randomUUID(), expectedVersion: 0, events: [ev('a')] }))
      expect(isAppendOutcomeUnknownError(err)).toBe(true)
      expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET')
    })
  })
}
