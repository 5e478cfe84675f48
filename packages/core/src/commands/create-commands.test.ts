import { account, countingProvider, randomId, type Account, type AccountEvent } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { CommandError, DuplicateEventError, ValidationError, VersionConflictError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider } from '../provider.js'
import { createCommands } from './create-commands.js'
import { deriveEventIds } from './derive-event-ids.js'

function setup(provider: Provider = createMemoryProvider(), retries = 0) {
  const { domain } = createDomain({ provider }, { account })
  let runs = 0
  const cmds = createCommands(
    domain.account,
    {
      open(cmd: { owner: string }, agg) {
        runs++
        if (agg.open) throw new CommandError('account already open', { details: { owner: agg.owner } })
        return { type: 'opened', owner: cmd.owner }
      },
      async deposit(cmd: { amount: number }) {
        runs++
        await new Promise((resolve) => setImmediate(resolve))
        return [
          { type: 'deposited', amount: cmd.amount },
          { type: 'tagged', tags: ['deposit'] },
        ]
      },
      noop() {
        runs++
      },
      mutate(_cmd: null, agg) {
        runs++
        ;(agg as Account).history.push({ amount: 999 })
        return { type: 'deposited', amount: 1 }
      },
      bad: () => ({ type: 'deposited', amount: NaN }) as AccountEvent,
    },
    { retries },
  )
  return { domain, cmds, runs: () => runs }
}

describe('createCommands', () => {
  it('loads, runs the handler, appends and returns the folded state', async () => {
    const { domain, cmds } = setup()
    const id = randomId()
    const opened = await cmds.open(id, { owner: 'ada' }, { meta: { correlationId: 'c-1' } })
    expect(opened).toMatchObject({ owner: 'ada', open: true, version: 1, aggregateId: id })
    const after = await cmds.deposit(id, { amount: 5 })
    expect(after).toMatchObject({ balance: 5, tags: ['deposit'], version: 3 })
    expect(await domain.account.getAggregate(id)).toEqual(after)
    const events = await domain.account.getEvents(id)
    expect(events.map((e) => e.meta)).toEqual([{ correlationId: 'c-1' }, undefined, undefined])
  })

  it('returns the new state without reading the aggregate again', async () => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const { cmds } = setup(provider)
    await cmds.open('a', { owner: 'ada' })
    expect(calls.readAggregate).toBe(1) // the load; the result is folded from what append returned
    expect(calls.append).toBe(1)
  })

  it('appends nothing when the handler returns nothing', async () => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const { cmds } = setup(provider)
    expect(await cmds.noop('a', undefined)).toMatchObject({ version: 0 })
    expect(calls.append).toBeUndefined()
  })

  it('fills in and rethrows a CommandError', async () => {
    const { cmds } = setup()
    await cmds.open('a', { owner: 'ada' })
    const err = await cmds.open('a', { owner: 'bob' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CommandError)
    expect(err).toMatchObject({ code: 'COMMAND_REJECTED', command: 'open', stream: 'account', aggregateId: 'a', details: { owner: 'ada' } })
  })

  it('gives the handler a frozen copy: mutating it throws and corrupts nothing', async () => {
    const { domain, cmds } = setup()
    await cmds.deposit('a', { amount: 2 })
    await expect(cmds.mutate('a', null)).rejects.toBeInstanceOf(TypeError)
    expect((await domain.account.getAggregate('a')).history).toEqual([{ amount: 2 }])
  })

  it('validates returned events before any append', async () => {
    const { provider, calls } = countingProvider(createMemoryProvider())
    const { cmds } = setup(provider)
    const err = await cmds.bad('a', undefined).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).path).toBe('events[0].event.amount')
    expect(calls.append).toBeUndefined()
  })

  it('throws VersionConflictError on a lost race, and retries when asked', async () => {
    for (const retries of [0, 1]) {
      const inner = createMemoryProvider()
      let sneak = true
      // Another writer appends between the load and the append, once.
      const racing: Provider = {
        ...inner,
        async append(request) {
          if (sneak) {
            sneak = false
            await inner.append({ ...request, events: [{ id: randomId(), event: { type: 'deposited', amount: 100 } }] })
          }
          return inner.append(request)
        },
      }
      const { cmds, runs } = setup(racing, retries)
      if (retries === 0) {
        await expect(cmds.deposit('a', { amount: 1 })).rejects.toBeInstanceOf(VersionConflictError)
        expect(runs()).toBe(1)
      } else {
        expect(await cmds.deposit('a', { amount: 1 })).toMatchObject({ balance: 101, version: 3 })
        expect(runs()).toBe(2)
      }
    }
  })

  it('drops a cached state that is ahead of the store on a version conflict (e.g. after a truncate)', async () => {
    for (const retries of [0, 1]) {
      let inner = createMemoryProvider()
      const truncatable: Provider = {
        name: 'truncatable',
        append: (r) => inner.append(r),
        readAggregate: (r) => inner.readAggregate(r),
        readLog: (r) => inner.readLog(r),
        getBookmark: (n) => inner.getBookmark(n),
        setBookmark: (n, p) => inner.setBookmark(n, p),
      }
      const { domain, cmds } = setup(truncatable, retries)
      await cmds.open('a', { owner: 'ada' })
      await cmds.deposit('a', { amount: 5 })
      inner = createMemoryProvider() // the table is emptied behind the cache's back
      // The cached state is ahead: its append conflicts, and the command runs again on the
      // state read afresh (whatever `retries` says: a stale cache is not the caller's race).
      expect(await cmds.deposit('a', { amount: 1 })).toMatchObject({ open: false, balance: 1, version: 2 })
      expect(await domain.account.getEvents('a')).toHaveLength(2)
      // The low-level append evicts too: a stale expectedVersion, then the state is read afresh.
      await cmds.deposit('a', { amount: 1 })
      inner = createMemoryProvider()
      await expect(domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 4 })).rejects.toBeInstanceOf(
        VersionConflictError,
      )
      expect(await domain.account.getAggregate('a')).toMatchObject({ balance: 0, version: 0 })
    }
  })

  it('gives up after the configured retries', async () => {
    const inner = createMemoryProvider()
    const alwaysConflict: Provider = {
      ...inner,
      append: async (r) => {
        throw new VersionConflictError({ stream: r.stream, aggregateId: r.aggregateId, expectedVersion: r.expectedVersion })
      },
    }
    const { cmds, runs } = setup(alwaysConflict, 2)
    await expect(cmds.open('a', { owner: 'x' })).rejects.toBeInstanceOf(VersionConflictError)
    expect(runs()).toBe(3)
  })

  it('rejects invalid options', () => {
    const { domain } = setup()
    expect(() => createCommands(domain.account, {}, { retries: -1 })).toThrow(ValidationError)
    expect(() => createCommands({} as typeof domain.account, {})).toThrow(ValidationError)
  })
})

describe('createCommands: on a cached aggregate', () => {
  // Two processes on one store: each has its own domain, so its own cache.
  function twoProcesses(retries = 0) {
    const shared = createMemoryProvider()
    const mine = countingProvider(shared)
    const here = setup(mine.provider, retries)
    const there = setup(shared)
    let withdrawRuns = 0
    const withdraw = createCommands(
      here.domain.account,
      {
        withdraw(cmd: { amount: number }, agg) {
          withdrawRuns++
          if (agg.balance < cmd.amount) throw new CommandError('insufficient funds', { details: { balance: agg.balance } })
          return { type: 'withdrawn', amount: cmd.amount }
        },
      },
      { retries },
    )
    return { here, there, calls: mine.calls, withdraw, withdrawRuns: () => withdrawRuns }
  }

  it('costs one append and no read', async () => {
    const { here, calls } = twoProcesses()
    await here.cmds.open('a', { owner: 'ada' })
    const before = { ...calls }
    expect(await here.cmds.deposit('a', { amount: 5 })).toMatchObject({ balance: 5, version: 3 })
    expect(await here.cmds.deposit('a', { amount: 2 })).toMatchObject({ balance: 7, version: 5 })
    expect(calls.readAggregate).toBe(before.readAggregate)
    expect(calls.append).toBe(before.append! + 2)
  })

  it('a cache behind the store (another process wrote) costs one rerun on the fresh state, even with retries 0', async () => {
    const { here, there } = twoProcesses(0)
    await here.cmds.open('a', { owner: 'ada' })
    await there.cmds.deposit('a', { amount: 10 })
    const runsBefore = here.runs()
    expect(await here.cmds.deposit('a', { amount: 5 })).toMatchObject({ balance: 15, version: 5 })
    expect(here.runs() - runsBefore).toBe(2) // the stale run, whose append conflicted, and the fresh one
    expect((await there.domain.account.getEvents('a')).map((e) => e.version)).toEqual([1, 2, 3, 4, 5])
  })

  it('a rejection decided on a stale cached state is decided again on the fresh state', async () => {
    const { here, there, withdraw, withdrawRuns } = twoProcesses()
    await here.cmds.open('a', { owner: 'ada' }) // cached here with balance 0
    await there.cmds.deposit('a', { amount: 10 })
    expect(await withdraw.withdraw('a', { amount: 4 })).toMatchObject({ balance: 6, version: 4 })
    expect(withdrawRuns()).toBe(2)
    // ... while a rejection on a current cached state stands, after one check of the store.
    const err = await withdraw.withdraw('a', { amount: 100 }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'COMMAND_REJECTED', details: { balance: 6 } })
    expect(withdrawRuns()).toBe(3)
  })

  it('"no events" on a stale cached state returns the fresh state', async () => {
    const { here, there } = twoProcesses()
    await here.cmds.open('a', { owner: 'ada' })
    await there.cmds.deposit('a', { amount: 10 })
    expect(await here.cmds.noop('a', undefined)).toMatchObject({ balance: 10, version: 3 })
  })

  it('a real race on the fresh state still surfaces as VersionConflictError', async () => {
    const inner = createMemoryProvider()
    let sneak = false
    // Another writer appends before every append of ours once `sneak` is on.
    const racing: Provider = {
      ...inner,
      async append(request) {
        if (sneak) {
          const head = (await inner.readAggregate({ ...request, afterVersion: 0, limit: 1000 })).length
          await inner.append({ ...request, expectedVersion: head, events: [{ id: randomId(), event: { type: 'deposited', amount: 100 } }] })
        }
        return inner.append(request)
      },
    }
    const { cmds, runs } = setup(racing, 0)
    await cmds.open('a', { owner: 'ada' })
    sneak = true
    const before = runs()
    await expect(cmds.deposit('a', { amount: 1 })).rejects.toBeInstanceOf(VersionConflictError)
    expect(runs() - before).toBe(2) // the cached run and the fresh run; retries 0 allows no third
  })
})

describe('createCommands: idempotency', () => {
  it('derives stable UUID-shaped ids that differ by aggregate, command, key and index', () => {
    const ids = deriveEventIds('account', 'a', 'deposit', 'k', 2)
    expect(ids).toEqual(deriveEventIds('account', 'a', 'deposit', 'k', 2))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(ids[0]).not.toBe(ids[1])
    expect(deriveEventIds('account', 'b', 'deposit', 'k', 1)[0]).not.toBe(ids[0])
    expect(deriveEventIds('account', 'a', 'deposit', 'k2', 1)[0]).not.toBe(ids[0])
    expect(deriveEventIds('account', 'a', 'withdraw', 'k', 1)[0]).not.toBe(ids[0])
    expect(deriveEventIds('user', 'a', 'deposit', 'k', 1)[0]).not.toBe(ids[0])
  })

  it('a repeated key returns the current state without running the handler again', async () => {
    const { domain, cmds, runs } = setup()
    const first = await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    const again = await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    expect(again).toEqual(first)
    expect(runs()).toBe(1)
    const events = await domain.account.getEvents('a')
    expect(events.map((e) => e.id)).toEqual(deriveEventIds('account', 'a', 'deposit', 'req-1', 2))
    await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-2' })
    expect((await domain.account.getAggregate('a')).balance).toBe(10)
  })

  it('a key reused for a different command runs that command (a key identifies one command call)', async () => {
    const { domain, cmds, runs } = setup()
    await cmds.open('a', { owner: 'ada' }, { idempotencyKey: 'req-1' })
    const after = await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    expect(runs()).toBe(2)
    expect(after.balance).toBe(5)
    expect(await domain.account.getEvents('a')).toHaveLength(3)
    // ... and repeating either call is still recognised.
    await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    await cmds.open('a', { owner: 'ada' }, { idempotencyKey: 'req-1' })
    expect(runs()).toBe(2)
  })

  it('a concurrent retry that stored the events first resolves with the current state', async () => {
    const inner = createMemoryProvider()
    let gate!: () => void
    const held = new Promise<void>((resolve) => (gate = resolve))
    let first = true
    const slow: Provider = {
      ...inner,
      async append(request) {
        if (first) {
          first = false
          await held
        }
        return inner.append(request)
      },
    }
    const { cmds, runs } = setup(slow)
    const a = cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    await new Promise((resolve) => setTimeout(resolve, 10))
    const b = await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'req-1' })
    gate()
    expect(await a).toEqual(b)
    expect(b).toMatchObject({ balance: 5, version: 2 })
    expect(runs()).toBe(2)
    expect(await inner.readLog({ streams: ['account'], after: '0', limit: 10 })).toHaveLength(2)
  })

  it('a duplicate id error on derived ids resolves with the current state', async () => {
    const inner = createMemoryProvider()
    const { cmds: plain } = setup(inner)
    await plain.deposit('a', { amount: 5 }, { idempotencyKey: 'k' })
    // A provider that reports the clash as a duplicate id (as a unique index would).
    const dup: Provider = {
      ...inner,
      readAggregate: async (r) => (r.afterVersion === 0 && calls++ === 0 ? [] : inner.readAggregate(r)),
      append: async (r) => {
        throw new DuplicateEventError({ stream: r.stream, aggregateId: r.aggregateId, eventIds: [r.events[0]!.id] })
      },
    }
    let calls = 0
    const { cmds } = setup(dup)
    expect(await cmds.deposit('a', { amount: 5 }, { idempotencyKey: 'k' })).toMatchObject({ balance: 5, version: 2 })
  })
})
