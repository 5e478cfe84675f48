// A memory provider that can hold an append "open" (positions drawn, not committed), for
// the deterministic late-commit test. With `gate`, reads stop below the oldest open
// append, as a correct database provider does; without it, they skip over it (the hole).
import type { AppendRequest, Provider, StoredEvent } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import type { HeldAppend } from '../../src/index.js'

const holders = new WeakMap<Provider, (request: AppendRequest) => Promise<HeldAppend>>()

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createHoldableMemoryProvider(options: { gate: boolean; commitLatencyMs?: number }): Provider {
  const inner = createMemoryProvider()
  const open = new Map<string, bigint>()
  const visible = (events: StoredEvent[]) => events.filter((e) => !open.has(e.id))
  const provider: Provider = {
    name: options.gate ? 'memory-gated' : 'memory-ungated',
    async append(request) {
      const stored = await inner.append(request)
      if (options.commitLatencyMs === undefined) return stored
      for (const event of stored) open.set(event.id, BigInt(event.position))
      await sleep(options.commitLatencyMs)
      for (const event of stored) open.delete(event.id)
      return stored
    },
    readAggregate: async (request) => visible(await inner.readAggregate(request)),
    async readLog(request) {
      const page = await inner.readLog(request)
      if (!options.gate) return visible(page)
      const oldestOpen = [...open.values()].reduce<bigint | undefined>((min, p) => (min === undefined || p < min ? p : min), undefined)
      return oldestOpen === undefined ? page : page.filter((e) => BigInt(e.position) < oldestOpen)
    },
    getBookmark: (name) => inner.getBookmark(name),
    setBookmark: (name, position) => inner.setBookmark(name, position),
    acceptsPosition: (position: string) => inner.acceptsPosition?.(position) ?? true,
  }
  holders.set(provider, async (request) => {
    const stored = await inner.append(request)
    for (const event of stored) open.set(event.id, BigInt(event.position))
    return {
      async commit() {
        for (const event of stored) open.delete(event.id)
      },
    }
  })
  return provider
}

/** The `holdAppend` hook for providers made by {@link createHoldableMemoryProvider}. */
export function holdAppend(provider: Provider, request: AppendRequest): Promise<HeldAppend> {
  const hold = holders.get(provider)
  if (hold === undefined) throw new Error('not a holdable memory provider')
  return hold(request)
}
