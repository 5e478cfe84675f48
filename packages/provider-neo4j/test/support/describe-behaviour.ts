import {
  guardProvider,
  isDuplicateEventError,
  isProviderError,
  isValidationError,
  isVersionConflictError,
  type Provider,
} from '@evtstore/core'
import { randomUUID } from 'node:crypto'
import type { Neo4jDriver } from '../../src/neo4j-driver.js'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

const VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const event = (id: string = randomUUID()) => ({ id, event: { type: 't' } })
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  )
const causeCode = (err: unknown) => (err as { cause?: { code?: unknown } }).cause?.code as string | undefined

/**
 * How one line tells errors apart, retries, validates and works with both driver lines.
 * The races are made deterministic with an append held open by the package's own
 * statements: the second append passes the head check (the held rows are not committed)
 * and waits on the unique index entry until the held one commits.
 */
export function describeNeo4jBehaviour(kind: Neo4jKind): void {
  describe(`errors, retries and options on ${kind}`, () => {
    let store: TestStore
    let provider: Provider
    beforeAll(async () => {
      store = await openTestStore(kind, 'behave')
      provider = guardProvider(await store.open('Main'))
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    const count = async (where: string, parameters: Record<string, unknown>) => {
      const [row] = await store.run(
        `MATCH (n:\`${store.labels('Main').events}\`) WHERE ${where} RETURN toString(count(n)) AS n`,
        parameters,
      )
      return Number(row!.get('n'))
    }

    it('a racing append on the version another append holds waits at the head check and is a VersionConflictError; one event is stored', async () => {
      // The head check's lookups of the expected and next version nodes are locking seeks
      // of the unique constraint (the statement writes), so the racing append waits for
      // the held one and then sees its node: refused by the head check, not by the
      // constraint, and nothing of it is stored.
      const aggregateId = randomUUID()
      const held = await store.hold('Main', {
        stream: 's',
        aggregateId,
        expectedVersion: 0,
        events: [event()],
      })
      const racing = caught(
        provider.append({ stream: 's', aggregateId, expectedVersion: 0, events: [event()] }),
      )
      await sleep(500)
      await held.commit()
      const err = await racing
      expect(isVersionConflictError(err)).toBe(true)
      expect((err as { actualVersion?: number }).actualVersion).toBe(1)
      expect(causeCode(err)).toBeUndefined()
      expect(await count('n.aggregateId = $aggregateId', { aggregateId })).toBe(1)
    })

    it('an event id taken by a racing append is a DuplicateEventError naming it (the constraint fired)', async () => {
      const id = randomUUID()
      const held = await store.hold('Main', {
        stream: 's',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [event(id)],
      })
      const other = randomUUID()
      const racing = caught(
        provider.append({
          stream: 's',
          aggregateId: other,
          expectedVersion: 0,
          events: [event(), event(id)],
        }),
      )
      await sleep(500)
      await held.commit()
      const err = await racing
      expect(isDuplicateEventError(err)).toBe(true)
      expect((err as { eventIds: string[] }).eventIds).toEqual([id])
      expect(await count('n.aggregateId = $other', { other })).toBe(0)
    })

    it('any other constraint violation (a position clash) is a ProviderError, and nothing is stored', async () => {
      const labels = store.labels('Clash')
      const clash = guardProvider(await store.open('Clash'))
      await clash.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [event(), event()] })
      await store.run(`MATCH (c:\`${labels.events}_Counter\`) SET c.value = 1`)
      const err = await caught(
        clash.append({ stream: 's', aggregateId: 'b', expectedVersion: 0, events: [event()] }),
      )
      expect(isProviderError(err)).toBe(true)
      expect(causeCode(err)).toBe(VIOLATION)
      expect(
        await clash.readAggregate({ stream: 's', aggregateId: 'b', afterVersion: 0, limit: 10 }),
      ).toEqual([])
    })

    it('an append that deadlocks with another transaction is retried and lands', async () => {
      // U holds event id y; the append [x, y] locks x and waits for U; T (with many locks,
      // so that Neo4j 5 picks the append as the victim) takes the counter and waits for x.
      // When U rolls back, the append gets y and asks for the counter: a deadlock.
      const { events } = store.labels('Main')
      const x = randomUUID()
      const y = randomUUID()
      const open = () => {
        const session = store.driver.session({ defaultAccessMode: 'WRITE' })
        return { session, tx: session.beginTransaction() }
      }
      const t = open()
      await t.tx.run(`UNWIND range(1, 200) AS n CREATE (:\`${events}_Filler\` {n: n})`)
      const u = open()
      await u.tx.run(
        `CREATE (:\`${events}\` {id: $y, stream: 'u', aggregateId: $u, version: 1, position: -1})`,
        { y, u: randomUUID() },
      )
      const aggregateId = randomUUID()
      const appended = provider.append({
        stream: 's',
        aggregateId,
        expectedVersion: 0,
        events: [event(x), event(y)],
      })
      appended.catch(() => undefined)
      await sleep(400)
      await t.tx.run(`MATCH (c:\`${events}_Counter\`) SET c.value = c.value`)
      const tCreate = t.tx
        .run(`CREATE (:\`${events}\` {id: $x, stream: 't', aggregateId: $t, version: 1, position: -2})`, {
          x,
          t: randomUUID(),
        })
        .then(
          () => 'created',
          (err: { code?: string }) => err.code,
        )
      await sleep(400)
      await u.tx.rollback()
      await u.session.close()
      const victim = (await tCreate) === 'created' ? 'append' : 'other transaction'
      process.stdout.write(`[deadlock ${kind}] Neo4j aborted the ${victim}\n`)
      if (victim === 'append') {
        await sleep(300)
        await t.tx.rollback().catch(() => undefined)
      }
      await t.session.close()
      const stored = await appended
      expect(stored.map((e) => e.id)).toEqual([x, y])
      // Neo4j 5 and 3.5 abort the append here, so the append only lands because it was retried
      if (kind !== 'neo4j44') expect(victim).toBe('append')
    })

    it('appends keep landing while migrate() of other labels changes the schema', async () => {
      // Neo4j fails the commit of a transaction that started before a constraint was
      // created anywhere in the database (a transient error): such appends are run again.
      // three migrations (each several schema changes) while the writers append
      const migrations = (async () => {
        for (let n = 1; n <= 3; n++) await store.open(`Schema${n}`)
        return 3
      })()
      const writers = Array.from({ length: 8 }, async () => {
        const aggregateId = randomUUID()
        for (let version = 0; version < 10; version++) {
          await provider.append({ stream: 'schema', aggregateId, expectedVersion: version, events: [event()] })
        }
        return aggregateId
      })
      const settled = await Promise.allSettled(writers)
      const migrated = await migrations
      const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(failed.map((r) => String(r.reason))).toEqual([])
      expect(migrated).toBeGreaterThan(0)
      for (const r of settled) {
        const aggregateId = (r as PromiseFulfilledResult<string>).value
        const stored = await provider.readAggregate({ stream: 'schema', aggregateId, afterVersion: 0, limit: 100 })
        expect(stored.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      }
    }, 120_000)

    it('a server that cannot be reached is a ProviderError with the cause', async () => {
      const driver = store.line.driver('bolt://127.0.0.1:1')
      try {
        const unreachable = guardProvider(
          store.line.createProvider({ client: driver, ...store.labels('Main') }),
        )
        for (const call of [
          () =>
            unreachable.append({
              stream: 's',
              aggregateId: randomUUID(),
              expectedVersion: 0,
              events: [event()],
            }),
          () => unreachable.readLog({ streams: ['s'], after: '0', limit: 1 }),
          () => unreachable.getBookmark('b'),
        ]) {
          const err = await caught(call())
          expect(isProviderError(err)).toBe(true)
          expect((err as { cause?: unknown }).cause).toBeDefined()
        }
      } finally {
        await driver.close()
      }
    }, 60_000)

    it('refuses bad options and positions with ValidationError before any I/O', async () => {
      let sessions = 0
      const spy: Neo4jDriver = {
        session: () => {
          sessions++
          throw new Error('no I/O expected')
        },
      }
      const make = (options: Record<string, unknown>) => () =>
        store.line.createProvider({ client: spy, ...options })
      for (const label of ['Events`) DETACH DELETE n //', 'Ev ents', '1Events', '', 'É', 'e'.repeat(64)]) {
        expect(make({ events: label })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
        expect(make({ bookmarks: label })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
        expect(isValidationError(await caught(store.line.migrate({ client: spy, events: label })))).toBe(true)
      }
      expect(make({ events: 'A', bookmarks: 'A' })).toThrow(/options.bookmarks/)
      expect(make({ events: 'A', bookmarks: 'A_Counter' })).toThrow(/options.bookmarks/)
      expect(make({ events: 'B_Leases', bookmarks: 'B' })).toThrow(/options.events/)
      expect(make({ events: 'A', bookmarks: 'A_Snapshots' })).toThrow(/options.bookmarks/)
      expect(isValidationError(await caught(store.line.migrate({ client: spy, events: 'A', bookmarks: 'A_Snapshots' })))).toBe(true)
      expect(make({ limit: 0 })).toThrow(/options.limit/)
      expect(make({ limit: 1.5 })).toThrow(/options.limit/)
      expect(() => store.line.createProvider({ client: {} as Neo4jDriver })).toThrow(/options.client/)
      if (store.line.versionKey) expect(make({ database: 'neo4j' })).toThrow(/options.database/)
      else expect(make({ database: '' })).toThrow(/options.database/)
      const spied = store.line.createProvider({ client: spy })
      expect(
        isValidationError(
          await caught(spied.readLog({ streams: ['s'], after: '9223372036854775808', limit: 1 })),
        ),
      ).toBe(true)
      expect(isValidationError(await caught(spied.setBookmark('b', '99999999999999999999')))).toBe(true)
      expect(
        isValidationError(
          await caught(spied.setFencedBookmark!('b', '99999999999999999999', { owner: 'o', token: 1 })),
        ),
      ).toBe(true)
      // snapshot names past the index limits (on 3.5 also their JSON key: control characters take 6 bytes there)
      const long = 'a'.repeat(1025)
      const control = '\u0001'.repeat(700)
      for (const names of [
        { stream: 's', aggregateId: long },
        { stream: long, aggregateId: 'a' },
        ...(store.line.versionKey ? [{ stream: control, aggregateId: control }] : []),
      ]) {
        expect(isValidationError(await caught(spied.readSnapshot!(names)))).toBe(true)
        expect(isValidationError(await caught(spied.writeSnapshot!({ ...names, key: 'k', version: 1, state: {} })))).toBe(true)
      }
      expect(sessions).toBe(0)
    })

    it('stores names up to the documented key limit and refuses longer ones before any I/O', async () => {
      const long = (n: number, c = 'é') => c.repeat(n / Buffer.byteLength(c))
      const stream = long(1024)
      const aggregateId = long(1024, 'x')
      const stored = await provider.append({
        stream,
        aggregateId,
        expectedVersion: 0,
        events: [event(long(1024, 'i'))],
      })
      expect(stored).toHaveLength(1)
      const read = await provider.readAggregate({ stream, aggregateId, afterVersion: 0, limit: 1 })
      expect(read[0]!.id).toBe(long(1024, 'i'))
      await provider.setBookmark(long(1024, 'b'), '1')
      expect(await provider.getBookmark(long(1024, 'b'))).toBe('1')
      for (const request of [
        { stream: long(1026), aggregateId: 'a', expectedVersion: 0, events: [event()] },
        { stream: 's', aggregateId: long(1025, 'x'), expectedVersion: 0, events: [event()] },
        { stream: 's', aggregateId: 'a', expectedVersion: 0, events: [event(long(1025, 'i'))] },
      ]) {
        expect(isValidationError(await caught(provider.append(request)))).toBe(true)
      }
      expect(isValidationError(await caught(provider.setBookmark(long(1025, 'b'), '1')))).toBe(true)
      // on 3.5 the version key is JSON text: control characters take six bytes each
      const escaped = '\u0001'.repeat(700)
      const err = await caught(
        provider.append({ stream: 's', aggregateId: escaped, expectedVersion: 0, events: [event()] }),
      )
      if (store.line.versionKey) expect(isValidationError(err)).toBe(true)
      else expect(err).toBeUndefined()
    })

    it('accepts a promise of a driver', async () => {
      const lazy = store.line.createProvider({
        client: Promise.resolve(store.driver),
        ...store.labels('Main'),
      })
      const stored = await lazy.append({
        stream: 's',
        aggregateId: randomUUID(),
        expectedVersion: 0,
        events: [event()],
      })
      expect(stored).toHaveLength(1)
    })

    it('works the same through the other neo4j-driver line', async () => {
      const driver = store.line.otherDriver(store.db.url)
      try {
        const labels = store.labels('OtherDriver')
        await store.line.migrate({ client: driver, ...labels })
        const other = guardProvider(store.line.createProvider({ client: driver, ...labels }))
        const aggregateId = randomUUID()
        const stored = await other.append({
          stream: 's',
          aggregateId,
          expectedVersion: 0,
          events: [event(), event()],
        })
        expect(stored.map((e) => [e.version, e.position])).toEqual([
          [1, '1'],
          [2, '2'],
        ])
        expect(
          isVersionConflictError(
            await caught(other.append({ stream: 's', aggregateId, expectedVersion: 1, events: [event()] })),
          ),
        ).toBe(true)
        const log = await other.readLog({ streams: ['s'], after: '1', limit: 10 })
        expect(log.map((e) => [e.version, e.position, typeof e.timestamp.getTime()])).toEqual([
          [2, '2', 'number'],
        ])
        await other.setBookmark('b', '2')
        expect(await other.getBookmark('b')).toBe('2')
      } finally {
        await driver.close()
      }
    })

    if (kind !== 'neo4j35') {
      it('uses the database named in options (4.4+), and fails on one that does not exist', async () => {
        const named = guardProvider(
          store.line.createProvider({ client: store.driver, ...store.labels('Main'), database: 'neo4j' }),
        )
        const stored = await named.append({
          stream: 's',
          aggregateId: randomUUID(),
          expectedVersion: 0,
          events: [event()],
        })
        expect(stored).toHaveLength(1)
        const missing = guardProvider(
          store.line.createProvider({ client: store.driver, ...store.labels('Main'), database: 'nosuchdb' }),
        )
        expect(isProviderError(await caught(missing.readLog({ streams: ['s'], after: '0', limit: 1 })))).toBe(
          true,
        )
      })
    }
  })
}
