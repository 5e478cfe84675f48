import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { LeaseHolder, Provider, StoredEvent } from '@evtstore/core'
import type { ConformanceGroup, ConformanceTest } from '../define-group.js'
import type { ConformanceOptions } from '../options.js'
import { FAST_HANDLER, handlerFixture, idsOf } from '../support/handler-fixture.js'
import { racingProviders } from '../support/racing-providers.js'
import { randomBookmarkName } from '../support/random-names.js'
import { waitFor } from '../support/wait-for.js'

/** Registered as skipped, with the reason, when the provider does not declare leases. */
const needsLeases = (options: ConformanceOptions) =>
  options.capabilities?.leases === true
    ? undefined
    : 'capability leases is not declared: the provider keeps no handler leases (exclusive and partitioned handlers cannot run on it)'

/** The three lease methods, or a failed assertion naming the missing one. */
function leaseMethods(provider: Provider) {
  const { acquireLease, releaseLease, setFencedBookmark } = provider
  assert.ok(acquireLease && releaseLease && setFencedBookmark, 'leases: a provider with the leases capability must have acquireLease, releaseLease and setFencedBookmark')
  return {
    acquire: (name: string, owner: string, ttlMs: number) => acquireLease.call(provider, { name, owner, ttlMs }),
    release: (name: string, holder: LeaseHolder) => releaseLease.call(provider, name, holder),
    fenced: (name: string, position: string, holder: LeaseHolder) => setFencedBookmark.call(provider, name, position, holder),
  }
}

const owner = () => `cf-owner-${randomUUID()}`

/** Waits until `owner` gets the lease (it expired) and returns the token; fails after `timeoutMs`. */
async function acquireWhenFree(provider: Provider, name: string, who: string, timeoutMs: number): Promise<number> {
  const { acquire } = leaseMethods(provider)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const token = await acquire(name, who, 5_000)
    if (token !== undefined) return token
    assert.ok(Date.now() < deadline, `leases: an expired lease must go to the next owner that asks, still refused after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const leaseTest = (test: ConformanceTest): ConformanceTest => ({ ...test, skipReason: needsLeases })

/** Handler leases with fencing tokens: the provider side of exclusive and partitioned handlers. */
export const leaseGroup: ConformanceGroup = {
  name: 'leases',
  tests: [
    {
      name: 'declares the leases capability exactly when it has the lease methods',
      async run({ provider, options }) {
        const methods = [provider.acquireLease, provider.releaseLease, provider.setFencedBookmark].filter((m) => m !== undefined).length
        const declared = provider.capabilities?.leases === true
        assert.ok(methods === 0 || methods === 3, `leases: a provider has all three lease methods or none, this one has ${methods}`)
        assert.equal(declared, methods === 3, 'leases: capabilities.leases must be true exactly when the provider has the lease methods')
        assert.equal(
          options.capabilities?.leases === true,
          declared,
          'leases: pass capabilities: { leases: true } to the suite exactly when the provider keeps leases, so the lease tests run (or are skipped) accordingly',
        )
      },
    },
    leaseTest({
      name: 'grants a new lease, renews it for its owner with the same token and refuses it to another owner',
      async run({ provider }) {
        const { acquire } = leaseMethods(provider)
        const name = randomBookmarkName()
        const [a, b] = [owner(), owner()]
        const token = await acquire(name, a, 10_000)
        assert.ok(Number.isSafeInteger(token) && token! >= 1, `leases: a free lease must be granted with a positive integer token, got ${String(token)}`)
        assert.equal(await acquire(name, a, 10_000), token, 'leases: the holder renewing its lease must keep its token')
        assert.equal(await acquire(name, b, 10_000), undefined, 'leases: a lease held and not expired must be refused to another owner')
        assert.equal(await acquire(name, a, 10_000), token, 'leases: a refused request by another owner must leave the holder its lease')
      },
    }),
    leaseTest({
      name: 'a released lease goes to the next owner with a higher token',
      async run({ provider }) {
        const { acquire, release } = leaseMethods(provider)
        const name = randomBookmarkName()
        const [a, b] = [owner(), owner()]
        const first = (await acquire(name, a, 60_000))!
        await release(name, { owner: b, token: first })
        assert.equal(await acquire(name, b, 60_000), undefined, 'leases: releasing with another owner than the holder must do nothing')
        await release(name, { owner: a, token: first })
        const second = await acquire(name, b, 60_000)
        assert.ok(second !== undefined && second > first, `leases: after a release the next owner must get the lease with a token above ${first}, got ${String(second)}`)
        await release(name, { owner: a, token: first })
        assert.equal(await acquire(name, a, 60_000), undefined, 'leases: a release by a former holder must not end the new holder\'s lease')
      },
    }),
    leaseTest({
      name: 'an expired lease goes to the next owner with a higher token, and the old holder cannot renew it',
      async run({ provider }) {
        const { acquire } = leaseMethods(provider)
        const name = randomBookmarkName()
        const [a, b] = [owner(), owner()]
        const first = (await acquire(name, a, 300))!
        const second = await acquireWhenFree(provider, name, b, 10_000)
        assert.ok(second > first, `leases: taking over an expired lease must raise the token above ${first}, got ${second}`)
        assert.equal(await acquire(name, a, 5_000), undefined, 'leases: the former holder must not get the lease back while the new one holds it')
      },
    }),
    leaseTest({
      name: 'fenced bookmark writes succeed for the holder only, never after a takeover or an expiry',
      async run({ provider }) {
        const { acquire, release, fenced } = leaseMethods(provider)
        const name = randomBookmarkName()
        const [a, b] = [owner(), owner()]
        const tokenA = (await acquire(name, a, 60_000))!
        assert.equal(await fenced(name, '5', { owner: a, token: tokenA }), true, 'leases: the holder\'s fenced write must be saved')
        assert.equal(await provider.getBookmark(name), '5', 'leases: a saved fenced write must move the bookmark')
        assert.equal(await fenced(name, '6', { owner: b, token: tokenA }), false, 'leases: a fenced write by a non-holder must be refused')
        assert.equal(await fenced(name, '6', { owner: a, token: tokenA + 1 }), false, 'leases: a fenced write with a wrong token must be refused')
        await release(name, { owner: a, token: tokenA })
        assert.equal(await fenced(name, '7', { owner: a, token: tokenA }), false, 'leases: a fenced write after releasing the lease must be refused')
        const tokenB = (await acquire(name, b, 300))!
        assert.equal(await fenced(name, '8', { owner: a, token: tokenA }), false, 'leases: a fenced write by the holder that lost the lease must be refused')
        assert.equal(await fenced(name, '9', { owner: b, token: tokenB }), true, 'leases: the new holder\'s fenced write must be saved')
        const deadline = Date.now() + 10_000
        // After B's lease expires (300 ms on the store's clock), its writes are refused too.
        while ((await fenced(name, '10', { owner: b, token: tokenB })) && Date.now() < deadline) {
          await provider.setBookmark(name, '9')
          await new Promise((resolve) => setTimeout(resolve, 25))
        }
        assert.equal(await fenced(name, '11', { owner: b, token: tokenB }), false, 'leases: a fenced write after the lease expired must be refused')
        assert.equal(await provider.getBookmark(name), '9', 'leases: refused fenced writes must leave the bookmark untouched')
      },
    }),
    leaseTest({
      name: 'of many owners asking at once for a free lease, exactly one gets it',
      async run(context) {
        const providers = await racingProviders(context)
        const name = randomBookmarkName()
        const owners = Array.from({ length: 8 }, owner)
        const tokens = await Promise.all(owners.map((who, i) => leaseMethods(providers[i % providers.length]!).acquire(name, who, 60_000).catch((err: unknown) => err)))
        const errors = tokens.filter((t) => t instanceof Error)
        const granted = tokens.filter((t) => typeof t === 'number')
        assert.equal(granted.length, 1, `leases: exactly one of 8 concurrent owners must get a free lease, ${granted.length} did (${errors.length} errors: ${errors.map(String).join('; ')})`)
      },
    }),
    leaseTest({
      name: 'exclusive handlers: one of two handles the events, the other takes over after a stop',
      slow: true,
      async run({ provider }) {
        const { createHandler, stream, stored, name, counter, ids, versions } = await handlerFixture(provider, 4)
        const options = { ...FAST_HANDLER, exclusive: { leaseMs: 1_000, standbyPollMs: 50 } }
        const seen: Array<{ by: string; event: StoredEvent }> = []
        const make = (by: string) => {
          const handler = createHandler(name, [stream], options)
          handler.handle(stream, 'added', (_id, _event, envelope) => void seen.push({ by, event: envelope }))
          return handler
        }
        const first = make('first')
        const second = make('second')
        // stopped in every case: a handler left running (a failed wait) keeps the test process alive
        try {
          first.start()
          await waitFor(() => first.status.state === 'running' && seen.length >= 4, 10_000, 'exclusive handlers: the first handler must take the lease and catch up')
          second.start()
          await waitFor(() => second.status.state === 'standby', 10_000, 'exclusive handlers: the second handler must stand by while the first holds the lease')
          await first.stop()
          stored.push(...(await counter.append(ids[0]!, [{ type: 'added', n: 5 }], { expectedVersion: versions[0]! })))
          await waitFor(() => seen.length >= 5, 10_000, 'exclusive handlers: after the first stopped, the second must take over and handle the new event')
        } finally {
          await Promise.all([first.stop(), second.stop()])
        }
        assert.deepStrictEqual(idsOf(seen.map((s) => s.event)), idsOf(stored), 'exclusive handlers: every event must be handled once, in order, between them')
        assert.deepStrictEqual(seen.map((s) => s.by), ['first', 'first', 'first', 'first', 'second'], 'exclusive handlers: the first handles until it stops, then the second')
      },
    }),
  ],
}
