import { randomUUID } from 'node:crypto'
import { isProviderError, isVersionConflictError, type Provider } from '@evtstore/core'
import { describePgAppendAndRead } from './pg-append-read-tests.js'
import { describePgInputLimits } from './pg-input-limits-tests.js'
import type { PgProviderHarness } from './pg-provider-harness.js'
import { caught, ev } from './test-events.js'

/**
 * Registers (jest) what every Postgres provider package must do against a real server,
 * whatever its driver: idempotent migrations that surface errors, atomic version-checked
 * appends, duplicate ids told from conflicts by constraint, JSON round trips, the jsonb
 * NUL refusal, capped and stream-filtered log reads, schema-qualified stores, bookmarks,
 * and a missing table wrapped in a `ProviderError`. `constraintField` names the property
 * of the driver's error that holds the constraint (`constraint` in node-postgres,
 * `constraint_name` in postgres.js).
 *
 * @example
 * ```ts
 * describePgProviderBehaviour(async () => harnessOn(await openTestDatabase('provider_pg')), 'constraint')
 * ```
 */
export function describePgProviderBehaviour(
  open: () => Promise<PgProviderHarness>,
  constraintField: string,
): void {
  let harness: PgProviderHarness | undefined
  let shared: Provider | undefined
  const h = () => {
    if (harness === undefined) throw new Error('the test database is not open')
    return harness
  }
  const provider = () => (shared ??= h().provider())

  beforeAll(async () => {
    harness = await open()
    await harness.migrate()
  }, 120_000)
  afterAll(() => harness?.close(), 120_000)

  describe('migrate', () => {
    it('runs twice, also concurrently, and creates separate stores side by side', async () => {
      await Promise.all([h().migrate(), h().migrate()])
      await h().migrate({ events: 'other.events', bookmarks: 'other.bookmarks' })
      await h().migrate({ events: 'events2', bookmarks: 'bookmarks2' })
      const rows = await h().query(
        `select conname from pg_constraint where conname like 'events%\\_key' order by conname`,
      )
      expect(rows.map((r: { conname: string }) => r.conname)).toEqual([
        'events2_event_id_key',
        'events2_version_key',
        'events_event_id_key',
        'events_event_id_key',
        'events_version_key',
        'events_version_key',
      ])
    })

    it('migrates different stores in one new schema concurrently without catalog races', async () => {
      for (let round = 0; round < 6; round++) {
        const schema = `race_${round}_${randomUUID().slice(0, 8)}`
        await Promise.all([
          h().migrate({ events: `${schema}.events_a`, bookmarks: `${schema}.bookmarks` }),
          h().migrate({ events: `${schema}.events_b`, bookmarks: `${schema}.bookmarks` }),
          h().migrate({ events: `${schema}.events_c`, bookmarks: `${schema}.bookmarks_c` }),
        ])
      }
    })

    it('gives stores whose names extend each other their own indexes (a, then a_stream)', async () => {
      const schema = `names_${randomUUID().slice(0, 8)}`
      await h().migrate({ events: `${schema}.a`, bookmarks: `${schema}.a_bookmarks` })
      await h().migrate({ events: `${schema}.a_stream`, bookmarks: `${schema}.a_stream_bookmarks` })
      const rows = await h().query(
        `select t.relname as tbl, count(*)::int as n from pg_index i
         join pg_class t on t.oid = i.indrelid join pg_namespace s on s.oid = t.relnamespace
         where s.nspname = $1 and t.relname in ('a', 'a_stream') group by t.relname order by t.relname`,
        [schema],
      )
      // primary key, two unique constraints, the log index and the stream index
      expect(rows).toEqual([
        { tbl: 'a', n: 5 },
        { tbl: 'a_stream', n: 5 },
      ])
    })

    it('fails loudly when an index name it needs belongs to another table', async () => {
      const schema = `taken_${randomUUID().slice(0, 8)}`
      await h().query(`create schema ${schema}`)
      await h().query(`create table ${schema}.other (tx_id int, position int)`)
      await h().query(`create index t_log_idx on ${schema}.other (tx_id, position)`)
      const err = await caught(h().migrate({ events: `${schema}.t`, bookmarks: `${schema}.t_bookmarks` }))
      expect(isProviderError(err)).toBe(true)
      expect((err as Error & { cause: { code: string } }).cause.code).toBe('42P07')
    })

    it('reports errors instead of swallowing them', async () => {
      await h().query('create table wrong_shape (id int)')
      const err = await caught(h().migrate({ events: 'wrong_shape' }))
      expect(isProviderError(err)).toBe(true)
      expect((err as Error & { cause: { code: string } }).cause.code).toBe('42703')
    })
  })

  describePgAppendAndRead(h, provider, constraintField)
  describePgInputLimits(h, provider)

  describe('two stores in one database', () => {
    it('keeps a schema-qualified store apart from the default one', async () => {
      await h().migrate({ events: 'tenant_b.events', bookmarks: 'tenant_b.bookmarks' })
      const other = h().provider({ events: 'tenant_b.events', bookmarks: 'tenant_b.bookmarks' })
      const id = randomUUID()
      await other.append({ stream: 'account', aggregateId: id, expectedVersion: 0, events: [ev('opened')] })
      await other.setBookmark('shared-name', '42')
      expect(
        await other.readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
      ).toHaveLength(1)
      expect(
        await provider().readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
      ).toEqual([])
      expect(await provider().getBookmark('shared-name')).toBe('0')
    })
  })

  describe('bookmarks', () => {
    it('reads an unknown bookmark as 0 and upserts concurrently', async () => {
      const name = `h-${randomUUID()}`
      expect(await provider().getBookmark(name)).toBe('0')
      await Promise.all(['5', '7', '9'].map((p) => provider().setBookmark(name, p)))
      expect(['5', '7', '9']).toContain(await provider().getBookmark(name))
      await provider().setBookmark(name, '12345678901234567890123')
      expect(await provider().getBookmark(name)).toBe('12345678901234567890123')
    })
  })

  describe('errors and validation', () => {
    it('wraps a missing table in a ProviderError with the driver error as cause', async () => {
      const missing = h().provider({ events: 'nope', bookmarks: 'nope_b' })
      for (const call of [
        () => missing.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [ev('a')] }),
        () => missing.readLog({ streams: ['s'], after: '0', limit: 1 }),
        () => missing.getBookmark('x'),
      ]) {
        const err = await caught(call())
        expect(isProviderError(err)).toBe(true)
        expect(isVersionConflictError(err)).toBe(false)
        expect((err as Error & { cause: { code: string } }).cause.code).toBe('42P01')
      }
    })
  })
}
