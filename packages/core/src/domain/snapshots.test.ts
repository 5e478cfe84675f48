import { account, randomId } from '../../test/fixtures.js'
import { createAggregate } from '../aggregate.js'
import { createCommands } from '../commands/create-commands.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import type { Provider, ReadAggregateRequest } from '../provider.js'
import type { SnapshotFailure } from './snapshot-options.js'

const every3 = createAggregate({ ...account, snapshot: { key: 'account-v1', every: 3 } })

/** The memory provider, recording the readAggregate requests and letting snapshot calls fail on demand. */
function recorded(inner: Provider = createMemoryProvider()) {
  const reads: ReadAggregateRequest[] = []
  const fail: { read?: Error; write?: Error } = {}
  const provider: Provider = {
    name: 'recorded',
    capabilities: inner.capabilities!,
    append: (r) => inner.append(r),
    readAggregate: (r) => (reads.push(r), inner.readAggregate(r)),
    readLog: (r) => inner.readLog(r),
    getBookmark: (n) => inner.getBookmark(n),
    setBookmark: (n, p) => inner.setBookmark(n, p),
    readSnapshot: async (r) => {
      if (fail.read) throw fail.read
      return inner.readSnapshot!(r)
    },
    writeSnapshot: async (s) => {
      if (fail.write) throw fail.write
      return inner.writeSnapshot!(s)
    },
  }
  return { provider, inner, reads, fail }
}

/** Ten events of every kind, through commands on a domain whose aggregate snapshots every 3 versions. */
async function tenEvents(provider: Provider, id: string) {
  const { domain } = createDomain({ provider }, { account: every3 })
  const cmds = createCommands(domain.account, {
    open: () => ({ type: 'opened' as const, owner: 'ada' }),
    deposit: (cmd: { amount: number }) => ({ type: 'deposited' as const, amount: cmd.amount }),
    withdraw: (cmd: { amount: number }) => ({ type: 'withdrawn' as const, amount: cmd.amount }),
    tag: (cmd: { tag: string }) => [{ type: 'tagged' as const, tags: [cmd.tag] }, { type: 'deposited' as const, amount: 1 }],
  })
  await cmds.open(id, {})
  for (let n = 1; n <= 3; n++) await cmds.deposit(id, { amount: n * 10 })
  await cmds.tag(id, { tag: 'x' }) // two events: versions 5 and 6
  await cmds.withdraw(id, { amount: 7 })
  await cmds.tag(id, { tag: 'y' }) // versions 8 and 9
  await cmds.deposit(id, { amount: 100 }) // version 10
}

describe('aggregate snapshots', () => {
  it('an aggregate loaded from its snapshot equals one folded from the first event, and only the events after it are read', async () => {
    const { provider, inner, reads } = recorded()
    const id = randomId()
    await tenEvents(provider, id)
    const stored = await inner.readSnapshot!({ stream: 'account', aggregateId: id })
    expect(stored).toMatchObject({ key: 'account-v1', version: 9 }) // written at 3, 6 and 9
    reads.length = 0
    const fromSnapshot = await createDomain({ provider, cacheSize: 0 }, { account: every3 }).domain.account.getAggregate(id)
    const fromZero = await createDomain({ provider: inner, cacheSize: 0 }, { account }).domain.account.getAggregate(id)
    expect(fromZero.version).toBe(10)
    expect(fromSnapshot).toEqual(fromZero)
    expect(reads.map((r) => r.afterVersion)).toEqual([9])
  })

  it('a snapshot with another key is ignored: a changed fold folds from the first event and stores its own', async () => {
    const { provider, reads } = recorded()
    const id = randomId()
    await tenEvents(provider, id)
    // v2 of the aggregate counts deposits differently: an old snapshot would give the wrong answer.
    const v2 = createAggregate({
      stream: 'account',
      create: () => ({ deposits: 0 }),
      fold: (ev: { type: string }, state: { deposits: number }) => (ev.type === 'deposited' ? { deposits: state.deposits + 1 } : {}),
      snapshot: { key: 'account-v2', every: 3 },
    })
    reads.length = 0
    const loaded = await createDomain({ provider, cacheSize: 0 }, { account: v2 }).domain.account.getAggregate(id)
    expect(loaded).toEqual({ deposits: 6, aggregateId: id, version: 10 })
    expect(reads[0]!.afterVersion).toBe(0)
    expect(await provider.readSnapshot!({ stream: 'account', aggregateId: id })).toMatchObject({ key: 'account-v2', version: 10 })
  })

  it('a failing snapshot write is reported and changes nothing; an unreadable snapshot means folding from zero', async () => {
    const { provider, inner, fail } = recorded()
    const failures: SnapshotFailure[] = []
    const reporting = createAggregate({ ...account, snapshot: { key: 'k', every: 1, onError: (_e, f) => void failures.push(f) } })
    const { domain } = createDomain({ provider }, { account: reporting })
    const cmds = createCommands(domain.account, { deposit: (cmd: { amount: number }) => ({ type: 'deposited' as const, amount: cmd.amount }) })
    const id = randomId()
    fail.write = new Error('disk full')
    expect(await cmds.deposit(id, { amount: 5 })).toMatchObject({ balance: 5, version: 1 })
    expect(failures).toEqual([{ operation: 'writeSnapshot', stream: 'account', aggregateId: id, version: 1 }])
    expect(await inner.readSnapshot!({ stream: 'account', aggregateId: id })).toBeUndefined()
    delete fail.write
    await cmds.deposit(id, { amount: 6 })
    fail.read = new Error('timeout')
    const loaded = await createDomain({ provider, cacheSize: 0 }, { account: reporting }).domain.account.getAggregate(id)
    expect(loaded).toMatchObject({ balance: 11, version: 2 })
    expect(failures[1]).toMatchObject({ operation: 'readSnapshot', aggregateId: id })
  })

  it('a state that is not JSON is never snapshotted: the write is refused and reported, saveSnapshot rejects', async () => {
    const failures: unknown[] = []
    const dated = createAggregate({
      stream: 'dated',
      create: () => ({ at: new Date(0) }),
      fold: () => ({ at: new Date(1) }),
      snapshot: { key: 'k', every: 1, onError: (e) => void failures.push(e) },
    })
    const provider = createMemoryProvider()
    const { domain } = createDomain({ provider }, { dated })
    await domain.dated.append('d', [{ type: 'touched' }], { expectedVersion: 0 })
    await domain.dated.getAggregate('d') // folds 1 event >= every: tries to write
    expect(failures[0]).toMatchObject({ code: 'VALIDATION_FAILED', path: 'snapshot.state.at' })
    await expect(domain.dated.saveSnapshot('d')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await provider.readSnapshot!({ stream: 'dated', aggregateId: 'd' })).toBeUndefined()
  })

  it('saveSnapshot stores on demand; without the option or the capability it is refused', async () => {
    const provider = createMemoryProvider()
    const onDemand = createAggregate({ ...account, snapshot: { key: 'k' } })
    const { domain } = createDomain({ provider }, { account: onDemand })
    await domain.account.append('a', [{ type: 'deposited', amount: 2 }, { type: 'deposited', amount: 3 }], { expectedVersion: 0 })
    await domain.account.getAggregate('a')
    expect(await provider.readSnapshot!({ stream: 'account', aggregateId: 'a' })).toBeUndefined() // no every: nothing automatic
    expect(await domain.account.saveSnapshot('a')).toBe(2)
    expect(await provider.readSnapshot!({ stream: 'account', aggregateId: 'a' })).toMatchObject({ version: 2, state: { balance: 5 } })
    expect(await domain.account.saveSnapshot('nobody')).toBe(0)
    const plain = createDomain({ provider }, { account }).domain
    await expect(plain.account.saveSnapshot('a')).rejects.toMatchObject({ path: 'saveSnapshot()' })
    const { readSnapshot: _r, writeSnapshot: _w, ...withoutSnapshots } = provider
    expect(() => createDomain({ provider: withoutSnapshots }, { account: onDemand })).toThrow(/aggregates\.account\.snapshot: the memory provider does not store snapshots/)
    expect(() => createAggregate({ ...account, snapshot: { key: '', every: 0 } })).toThrow(/aggregate\.snapshot\.key/)
    expect(() => createAggregate({ ...account, snapshot: { key: 'k', every: 0 } })).toThrow(/aggregate\.snapshot\.every/)
    expect(() => createAggregate({ ...account, snapshot: { key: 'k', evrey: 5 } as never })).toThrow(/aggregate\.snapshot\.evrey: unknown option/)
  })
})
