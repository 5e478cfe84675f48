import { randomUUID } from 'node:crypto'
import { isDuplicateEventError, isProviderError, isVersionConflictError, type Provider } from '@evtstore/core'
import type { PgProviderHarness } from './pg-provider-harness.js'
import { caught, ev } from './test-events.js'
import { waitForGate } from './wait-for-gate.js'

/**
 * Registers (jest) the append and read tests of {@link describePgProviderBehaviour}: `h`
 * is the open harness, `provider` its shared default provider, `constraintField` the
 * driver error's property holding the constraint name.
 *
 * @example
 * ```ts
 * describePgAppendAndRead(() => harness, () => provider, 'constraint')
 * ```
 */
export function describePgAppendAndRead(
  h: () => PgProviderHarness,
  provider: () => Provider,
  constraintField: string,
): void {
  describe('append and read', () => {
    it('stores a multi-event append atomically and reads it back', async () => {
      const id = randomUUID()
      const stored = await provider().append({
        stream: 'account',
        aggregateId: id,
        expectedVersion: 0,
        events: [ev('opened', { owner: 'ada' }), ev('deposited', { amount: 5 })],
      })
      expect(stored.map((e) => e.version)).toEqual([1, 2])
      expect(BigInt(stored[1]!.position)).toBeGreaterThan(BigInt(stored[0]!.position))
      const more = await provider().append({
        stream: 'account',
        aggregateId: id,
        expectedVersion: 2,
        events: [ev('withdrawn', { amount: 1 })],
      })
      const read = await provider().readAggregate({
        stream: 'account',
        aggregateId: id,
        afterVersion: 0,
        limit: 10,
      })
      expect(read).toEqual([...stored, ...more])
      expect(
        await provider().readAggregate({ stream: 'account', aggregateId: id, afterVersion: 1, limit: 1 }),
      ).toEqual([stored[1]])
    })

    it('refuses a stale expected version and a gap, storing nothing', async () => {
      const id = randomUUID()
      await provider().append({
        stream: 'account',
        aggregateId: id,
        expectedVersion: 0,
        events: [ev('opened')],
      })
      const stale = await caught(
        provider().append({
          stream: 'account',
          aggregateId: id,
          expectedVersion: 0,
          events: [ev('a'), ev('b')],
        }),
      )
      expect(isVersionConflictError(stale)).toBe(true)
      expect(stale).toMatchObject({ expectedVersion: 0, actualVersion: 1 })
      const gap = await caught(
        provider().append({ stream: 'account', aggregateId: id, expectedVersion: 3, events: [ev('a')] }),
      )
      expect(gap).toMatchObject({ code: 'VERSION_CONFLICT', actualVersion: 1 })
      expect(
        await provider().readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
      ).toHaveLength(1)
    })

    it('lets exactly one of many racing appends win', async () => {
      const id = randomUUID()
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          provider().append({
            stream: 'account',
            aggregateId: id,
            expectedVersion: 0,
            events: [ev('a'), ev('b')],
          }),
        ),
      )
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results)
        if (r.status === 'rejected') expect(isVersionConflictError(r.reason)).toBe(true)
      expect(
        await provider().readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
      ).toHaveLength(2)
    })

    it('tells a duplicate event id from a version conflict, by constraint', async () => {
      const first = ev('a')
      await provider().append({
        stream: 'account',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [first],
      })
      const id = randomUUID()
      const err = await caught(
        provider().append({
          stream: 'account',
          aggregateId: id,
          expectedVersion: 0,
          events: [ev('b'), first],
        }),
      )
      expect(isDuplicateEventError(err)).toBe(true)
      expect((err as Error & { cause: unknown }).cause).toMatchObject({
        code: '23505',
        [constraintField]: 'events_event_id_key',
      })
      expect(
        await provider().readAggregate({ stream: 'account', aggregateId: id, afterVersion: 0, limit: 10 }),
      ).toEqual([])
    })

    it('round-trips payloads and metadata as JSON', async () => {
      const payload = {
        type: 'x',
        text: 'zß水🎉',
        nested: { list: [1, 2.5, -3e-7, null, true, [], {}] },
        big: 1e21,
        quote: `'"; drop table events`,
      }
      const meta = { correlationId: 'c-1', user: { who: 'ada', tags: ['a'] } }
      const [stored] = await provider().append({
        stream: 's',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [{ id: randomUUID(), event: payload, meta }],
      })
      const [read] = await provider().readAggregate({
        stream: 's',
        aggregateId: stored!.aggregateId,
        afterVersion: 0,
        limit: 1,
      })
      expect(read).toEqual(stored)
      expect(read!.event).toEqual(payload)
      expect(read!.meta).toEqual(meta)
      expect(read!.timestamp).toBeInstanceOf(Date)
    })

    it('reads the stored time as its millisecond, truncated, for any microsecond (both reads)', async () => {
      // Stored times chosen where float arithmetic could slip across a millisecond.
      const times = [
        '2026-12-02 10:00:00.000999+00',
        '2026-12-02 10:00:00.001+00',
        '2026-12-02 10:00:00.999999+00',
        '1999-12-31 23:59:59.9995+00',
        '2038-01-19 03:14:07.999001+00',
        '2090-06-01 00:00:00.000001+00',
        '1970-01-01 00:00:00.000001+00',
      ]
      const id = randomUUID()
      const stream = `ts-${randomUUID().slice(0, 8)}`
      await provider().append({ stream, aggregateId: id, expectedVersion: 0, events: times.map(() => ev('stamped')) })
      for (const [index, time] of times.entries()) {
        await h().query('UPDATE events SET "timestamp" = $1::timestamptz WHERE stream = $2 AND aggregate_id = $3 AND version = $4', [time, stream, id, index + 1])
      }
      // The numeric truth: whole milliseconds since 1970, rounded down.
      const truth = await h().query(
        `SELECT floor(extract(epoch FROM "timestamp") * 1000)::text AS ms FROM events WHERE stream = $1 AND aggregate_id = $2 ORDER BY version`,
        [stream, id],
      )
      const expected = truth.map((row: { ms: string }) => Number(row.ms))
      const read = await provider().readAggregate({ stream, aggregateId: id, afterVersion: 0, limit: 100 })
      expect(read.map((e) => e.timestamp.getTime())).toEqual(expected)
      await waitForGate(h().query, 'events', id)
      const logged = await provider().readLog({ streams: [stream], after: '0', limit: 100 })
      expect(logged.map((e) => e.timestamp.getTime())).toEqual(expected)
    })

    it('refuses U+0000 (jsonb cannot hold it) with a ProviderError, storing nothing; other control characters round-trip', async () => {
      const id = randomUUID()
      const err = await caught(
        provider().append({
          stream: 's',
          aggregateId: id,
          expectedVersion: 0,
          events: [ev('nul', { text: 'a\u0000b' })],
        }),
      )
      expect(isProviderError(err)).toBe(true)
      expect((err as Error & { cause: { code: string } }).cause.code).toBe('22P05')
      expect(
        await provider().readAggregate({ stream: 's', aggregateId: id, afterVersion: 0, limit: 1 }),
      ).toEqual([])
      const text = 'bell \u0007 escape \u001b delete \u007f tab \t'
      await provider().append({
        stream: 's',
        aggregateId: id,
        expectedVersion: 0,
        events: [ev('ctl', { text })],
      })
      const [read] = await provider().readAggregate({
        stream: 's',
        aggregateId: id,
        afterVersion: 0,
        limit: 1,
      })
      expect(read!.event).toEqual({ type: 'ctl', text })
    })

    it('reads the log by stream, strictly after a position, capped by the limit option', async () => {
      const capped = h().provider({ lazy: true, limit: 2 })
      const stream = `log-${randomUUID()}`
      const other = `other-${randomUUID()}`
      for (let i = 0; i < 3; i++) {
        await capped.append({ stream, aggregateId: `a${i}`, expectedVersion: 0, events: [ev('a'), ev('b')] })
        await capped.append({ stream: other, aggregateId: `a${i}`, expectedVersion: 0, events: [ev('c')] })
      }
      await waitForGate(h().query, 'events')
      const seen: string[] = []
      let after = '0'
      for (;;) {
        const page = await capped.readLog({ streams: [stream], after, limit: 100 })
        if (page.length === 0) break
        expect(page.length).toBeLessThanOrEqual(2)
        for (const e of page) seen.push(`${e.aggregateId}:${e.version}`)
        after = page[page.length - 1]!.position
      }
      expect(seen).toEqual(['a0:1', 'a0:2', 'a1:1', 'a1:2', 'a2:1', 'a2:2'])
      const both = await provider().readLog({ streams: [stream, other], after: '0', limit: 100 })
      expect(both.map((e) => e.stream)).toEqual([
        stream,
        stream,
        other,
        stream,
        stream,
        other,
        stream,
        stream,
        other,
      ])
    })
  })
}
