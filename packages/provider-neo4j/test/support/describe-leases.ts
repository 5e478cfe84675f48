import { isProviderError, type Provider } from '@evtstore/core'
import { randomUUID } from 'node:crypto'
import { leaseCypher } from '../../src/lease-cypher.js'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The three lease calls of a provider that has them. */
function leases(provider: Provider) {
  const { acquireLease, releaseLease, setFencedBookmark } = provider
  if (!acquireLease || !releaseLease || !setFencedBookmark) throw new Error(`${provider.name} has no lease methods`)
  return {
    acquire: (name: string, owner: string, ttlMs: number) => acquireLease.call(provider, { name, owner, ttlMs }),
    release: (name: string, owner: string, token: number) => releaseLease.call(provider, name, { owner, token }),
    fenced: (name: string, position: string, owner: string, token: number) => setFencedBookmark.call(provider, name, position, { owner, token }),
  }
}

/**
 * What the conformance lease group cannot see from outside, on one line: the lease node's
 * lock serialises takeovers with each other and with a fenced write in flight, and a store
 * migrated before leases existed refuses lease calls until migrate() adds their constraint.
 */
export function describeNeo4jLeases(kind: Neo4jKind): void {
  describe(`handler leases on ${kind}`, () => {
    let store: TestStore
    let provider: Provider
    beforeAll(async () => {
      store = await openTestStore(kind, 'lease')
      provider = await store.open('Leases')
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    it('of 8 owners asking at once for an expired lease, exactly one takes it over, round after round', async () => {
      const { acquire } = leases(provider)
      const name = `lease-${randomUUID()}`
      let holder = 'first'
      let token = (await acquire(name, holder, 60_000))!
      for (let round = 0; round < 5; round++) {
        // the holder renews for 200 ms only (same token), which are over on the server's clock after the pause
        expect(await acquire(name, holder, 200)).toBe(token)
        await sleep(400)
        const owners = Array.from({ length: 8 }, (_, i) => `round-${round}-owner-${i}`)
        const tokens = await Promise.all(owners.map((owner) => acquire(name, owner, 60_000)))
        const winners = owners.filter((_, i) => tokens[i] !== undefined)
        expect(tokens.filter((t) => t !== undefined)).toEqual([token + 1])
        holder = winners[0]!
        token += 1
      }
    })

    it('a takeover waits for the fenced bookmark write in flight: the old holder commits first, then loses', async () => {
      const { acquire, fenced } = leases(provider)
      const name = `lease-${randomUUID()}`
      const tokenA = (await acquire(name, 'a', 1_500))!
      // the package's own fenced write, held open: it has checked the lease and set the bookmark
      const { events, bookmarks } = store.labels('Leases')
      const cypher = leaseCypher({ events, counter: `${events}_Counter`, bookmarks, leases: `${bookmarks}_Leases`, snapshots: `${events}_Snapshots` })
      const session = store.driver.session({ defaultAccessMode: 'WRITE' })
      const tx = session.beginTransaction()
      const order: string[] = []
      try {
        const written = await tx.run(cypher.fencedBookmark, { name, position: '5', owner: 'a', token: tokenA })
        expect(written.records).toHaveLength(1)
        await sleep(1_800) // a's lease has expired on the server's clock
        const takeover = acquire(name, 'b', 10_000).then((token) => {
          order.push('b granted')
          return token
        })
        await sleep(700)
        order.push('a commits')
        await tx.commit()
        const tokenB = await takeover
        expect(order).toEqual(['a commits', 'b granted'])
        expect(tokenB).toBe(tokenA + 1)
      } finally {
        await session.close()
      }
      expect(await provider.getBookmark(name)).toBe('5')
      expect(await fenced(name, '6', 'a', tokenA)).toBe(false)
      expect(await provider.getBookmark(name)).toBe('5')
    })

    it('a store migrated before leases existed refuses lease calls (ProviderError, nothing written) until migrate() runs again', async () => {
      const old = await store.open('Old')
      const leaseLabel = `${store.labels('Old').bookmarks}_Leases`
      await store.run(
        store.line.versionKey
          ? `DROP CONSTRAINT ON (n:\`${leaseLabel}\`) ASSERT n.name IS UNIQUE`
          : `DROP CONSTRAINT \`${leaseLabel}_name_unique\``,
      )
      const before = store.line.createProvider({ client: store.driver, ...store.labels('Old') })
      const name = `lease-${randomUUID()}`
      for (const call of [
        () => leases(before).acquire(name, 'a', 10_000),
        () => leases(before).release(name, 'a', 1),
        () => leases(before).fenced(name, '3', 'a', 1),
      ]) {
        const err = await call().catch((e: unknown) => e)
        expect(isProviderError(err)).toBe(true)
        expect((err as { cause?: { name?: string } }).cause?.name).toBe('LeasesNotMigratedError')
      }
      const [row] = await store.run(`MATCH (n:\`${leaseLabel}\`) RETURN toString(count(n)) AS n`)
      expect(row!.get('n')).toBe('0')
      expect(await old.getBookmark(name)).toBe('0')
      await store.line.migrate({ client: store.driver, ...store.labels('Old') })
      expect(await leases(before).acquire(name, 'a', 10_000)).toBe(1)
    })
  })
}
