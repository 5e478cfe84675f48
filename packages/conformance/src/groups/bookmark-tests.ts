import assert from 'node:assert/strict'
import type { ConformanceGroup } from '../define-group.js'
import { racingProviders } from '../support/racing-providers.js'
import { randomBookmarkName } from '../support/random-names.js'

/** Handler bookmarks: defaults, upserts, concurrent first writes. */
export const bookmarkGroup: ConformanceGroup = {
  name: 'bookmarks',
  tests: [
    {
      name: "returns '0' for an unknown bookmark",
      async run({ provider }) {
        const position = await provider.getBookmark(randomBookmarkName())
        assert.equal(position, '0', `bookmarks: an unknown bookmark must read as '0', got ${String(position)}`)
      },
    },
    {
      name: 'sets and gets a bookmark',
      async run({ provider }) {
        const name = randomBookmarkName()
        await provider.setBookmark(name, '42')
        assert.equal(await provider.getBookmark(name), '42', 'bookmarks: getBookmark must return the position set')
      },
    },
    {
      name: 'overwrites a bookmark, also with a lower position',
      async run({ provider }) {
        const name = randomBookmarkName()
        for (const position of ['5', '12', '3', '0']) {
          await provider.setBookmark(name, position)
          assert.equal(await provider.getBookmark(name), position, `bookmarks: after setting ${position}, getBookmark must return it`)
        }
      },
    },
    {
      name: 'keeps bookmarks apart by name',
      async run({ provider }) {
        const [a, b] = [randomBookmarkName(), randomBookmarkName()]
        await provider.setBookmark(a, '7')
        await provider.setBookmark(b, '9')
        assert.equal(await provider.getBookmark(a), '7', 'bookmarks: setting another bookmark must not change this one')
        assert.equal(await provider.getBookmark(b), '9', 'bookmarks: each name keeps its own position')
      },
    },
    {
      name: 'keeps a bookmark beyond Number.MAX_SAFE_INTEGER exactly',
      async run({ provider }) {
        const name = randomBookmarkName()
        const position = '9007199254740993'
        await provider.setBookmark(name, position)
        assert.equal(await provider.getBookmark(name), position, 'bookmarks: positions are exact decimal strings, even past 2^53')
      },
    },
    {
      name: 'concurrent first writes of one bookmark all succeed',
      async run(context) {
        // Spread over the racing providers (separate instances, so separate connections),
        // as the append races are: one instance may serialise its own calls.
        const providers = await racingProviders(context)
        const name = randomBookmarkName()
        const positions = Array.from({ length: 10 }, (_, i) => String(100 + i))
        const outcomes = await Promise.allSettled(positions.map((p, i) => providers[i % providers.length]!.setBookmark(name, p)))
        const failed = outcomes.filter((o) => o.status === 'rejected')
        assert.equal(
          failed.length,
          0,
          `bookmarks: setBookmark must be an upsert safe under concurrent callers; ${failed.length} of 10 concurrent first writes failed: ${String((failed[0] as PromiseRejectedResult | undefined)?.reason)}`,
        )
        const final = await context.provider.getBookmark(name)
        assert.ok(positions.includes(final), `bookmarks: after concurrent writes the bookmark must be one of the positions set, got ${final}`)
      },
    },
    {
      name: 'keeps a bookmark across provider instances',
      skipReason: (options) =>
        options.capabilities?.persistent === false ? 'capability persistent is false: data does not outlive the provider' : undefined,
      async run({ provider, capabilities, newProvider }) {
        assert.notEqual(
          capabilities.persistent,
          false,
          'the provider says capabilities.persistent is false: pass capabilities: { persistent: false } to the suite so this test is skipped',
        )
        const name = randomBookmarkName()
        await provider.setBookmark(name, '31')
        const other = await newProvider()
        assert.equal(await other.getBookmark(name), '31', 'bookmarks: a second provider on the same database must read the saved bookmark')
      },
    },
  ],
}
