import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { createMemoryProvider } from '../memory/memory-provider.js'
import { partitionBookmark, partitionOf } from './partition.js'

describe('partitions', () => {
  it('hashes aggregate ids stably (32-bit FNV-1a of the UTF-8 bytes)', () => {
    // Fixed values: changing the hash would move aggregates between partitions of running systems.
    expect(partitionOf('', 1024)).toBe(0x811c9dc5 % 1024)
    expect(partitionOf('a', 1 << 30)).toBe(0xe40c292c % (1 << 30))
    // 0xe40c292c is the published FNV-1a (32-bit) of 'a'; the others pin multi-byte UTF-8.
    expect(partitionOf('account-42', 7)).toBe(4)
    expect(partitionOf('é', 1 << 30)).toBe(513665217)
    expect(partitionOf('👍', 1000)).toBe(42)
    const spread = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`agg-${i}`, 4)))
    expect([...spread].sort()).toEqual([0, 1, 2, 3])
  })

  it('N partitions handle every event exactly once between them, each aggregate in order in one partition', async () => {
    const provider = createMemoryProvider()
    const { domain, createHandler } = createDomain({ provider }, { account })
    const ids = Array.from({ length: 12 }, (_, i) => `acc-${i}`)
    for (let round = 0; round < 4; round++) {
      for (const id of ids) await domain.account.append(id, [{ type: 'deposited', amount: round }], { expectedVersion: round })
    }
    const count = 3
    const seen: Array<{ partition: number; id: string; version: number }> = []
    const handlers = Array.from({ length: count }, (_, index) => {
      const handler = createHandler('split', ['account'], { batchSize: 5, partition: { index, count } })
      handler.handle('account', 'deposited', (id, _event, envelope) => void seen.push({ partition: index, id, version: envelope.version }))
      return handler
    })
    expect(handlers.map((h) => h.bookmark)).toEqual(['split#0/3', 'split#1/3', 'split#2/3'])
    const results = await Promise.all(handlers.map((h) => h.runOnce()))
    // Each partition consumed the whole log (its bookmark is at the end) but handled only its share.
    expect(results.map((r) => r.handled)).toEqual([48, 48, 48])
    expect(seen).toHaveLength(48)
    for (const id of ids) {
      const mine = seen.filter((s) => s.id === id)
      expect(mine.map((s) => s.version)).toEqual([1, 2, 3, 4])
      expect(new Set(mine.map((s) => s.partition))).toEqual(new Set([partitionOf(id, count)]))
    }
    expect(partitionBookmark('split', { index: 2, count: 3 })).toBe('split#2/3')
  })

  it('refuses a partition outside its count', () => {
    const { createHandler } = createDomain({ provider: createMemoryProvider() }, { account })
    expect(() => createHandler('p', ['account'], { partition: { index: 3, count: 3 } })).toThrow(/options.partition.index/)
    expect(() => createHandler('p', ['account'], { partition: { index: 0, count: 0 } })).toThrow(/options.partition.count/)
  })
})
