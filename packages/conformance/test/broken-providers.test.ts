// Each deliberately broken provider must be caught: specific named tests fail, with a
// message that names the broken guarantee.
import assert from 'node:assert/strict'
import type { Provider } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import { migrationTests, orderingTests } from '../src/index.js'
import * as broken from './support/broken-providers.js'
import { createNamedMemoryProvider, createSchema } from './support/named-memory-provider.js'
import { createHoldableMemoryProvider, holdAppend } from './support/holdable-memory-provider.js'
import { failuresOf, runCollected } from './support/run-collected.js'

type Expectation = [test: string, message: RegExp]

const MISSING_TABLE = 'reports a missing table as a provider failure, not a version conflict'
// Left out where every append is slowed down: only the deterministic late-commit test is meant.
const STRESS = 'a handler running during concurrent appends sees every event exactly once, in order'

const cases: Array<[name: string, create: () => Provider, caughtBy: Expectation[]]> = [
  [
    'no version check',
    broken.noVersionCheck,
    [
      ['rejects a stale expected version with VersionConflictError and stores nothing', /version check: .*VERSION_CONFLICT/],
      ['rejects an expected version above the current one (no gaps)', /version gap: .*VERSION_CONFLICT/],
      ['rejects a conflicting multi-event append and stores none of it', /version check: a 3-event append/],
      ['racing appends to a new aggregate: exactly one wins', /exactly one may win, 10 did/],
      ['racing appends to an existing aggregate: exactly one wins', /exactly one may win, 10 did/],
    ],
  ],
  [
    'non-atomic append',
    broken.nonAtomicAppend,
    [
      ['rejects a multi-event append with one reused id and stores none of it', /append atomicity: .*1 were stored/],
      ['rejects one append that repeats an event id and stores none of it', /append atomicity/],
      ['racing multi-event appends are stored whole or not at all', /append atomicity: append #0 \(3 events\) failed but 1/],
    ],
  ],
  [
    'late-commit reads (skips events that commit late)',
    broken.lateCommitReads,
    [['a handler running during concurrent appends sees every event exactly once, in order', /ordering: the handler skipped \d+ of \d+ events/]],
  ],
  [
    'reordering reads',
    broken.reorderingReads,
    [
      ['reads the log in append order across streams and aggregates', /readLog order: positions must be strictly increasing/],
      ['filters the log by stream', /readLog order/],
      ['catches up on events appended before it ran', /broke the provider contract: .*is not after/],
    ],
  ],
  [
    'inclusive "after" reads',
    broken.inclusiveAfterReads,
    [
      ['reads strictly after the given position', /readLog order: .*after the position asked for; got 2 after 2/],
      ['pages through the log with limit 1, every event exactly once', /readLog order/],
    ],
  ],
  [
    'limit ignored',
    broken.limitIgnored,
    [
      ['pages through the log with limit 1, every event exactly once', /readLog limit: asked for at most 1 events/],
      ['never returns more events than the limit', /readLog limit: asked for at most 3 events, got 10/],
      ['reads one aggregate after a version, in pages', /readAggregate limit: asked for at most 2 events/],
    ],
  ],
  [
    'short aggregate pages despite the full-pages promise',
    broken.shortAggregatePages,
    [
      [
        'returns full aggregate pages when it promises them (capabilities.fullAggregatePages)',
        /full aggregate pages: the provider promises pages of up to 100000 events, so readAggregate\(afterVersion 0, limit 2\)/,
      ],
    ],
  ],
  [
    'lossy payloads: empty arrays and objects dropped',
    broken.dropsEmptyValues,
    [['round-trips empty arrays, empty objects and empty strings', /payload round-trip \(empty values\)/]],
  ],
  [
    'lossy payloads: astral characters mangled',
    broken.stripsAstralCharacters,
    [['round-trips unicode text (accents, CJK, emoji, astral characters)', /payload round-trip \(unicode\)/]],
  ],
  [
    'lossy payloads: big integers as strings',
    broken.bigNumbersAsStrings,
    [['round-trips numbers: safe integers, negatives, floats', /payload round-trip \(numbers\)/]],
  ],
  [
    'duplicate ids accepted',
    broken.duplicateIdsAccepted,
    [
      ['rejects a reused event id with DuplicateEventError and stores nothing', /duplicate event id: .*DUPLICATE_EVENT/],
      ['rejects one append that repeats an event id and stores none of it', /duplicate event id/],
    ],
  ],
  [
    'conflicts reported as plain errors',
    broken.untypedConflicts,
    [
      ['rejects a stale expected version with VersionConflictError and stores nothing', /expected an error with code VERSION_CONFLICT, got Error/],
      ['racing appends to a new aggregate: exactly one wins', /a losing racer must get VersionConflictError/],
    ],
  ],
  [
    'bookmarks ignored',
    broken.bookmarksIgnored,
    [
      ['sets and gets a bookmark', /bookmarks: getBookmark must return the position set/],
      ['does not handle an event twice when run again', /handler bookmark: a second runOnce must handle nothing/],
      [
        'startAtEnd: a handler without a bookmark starts at the end; a saved bookmark, reset() and setPosition() win',
        /startAtEnd: the first run must skip the 3 events stored before it/,
      ],
      ['a handler running during concurrent appends sees every event exactly once, in order', /handled \d+ events more than once/],
    ],
  ],
  [
    'bookmark first write not an upsert',
    broken.bookmarkInsertRace,
    [['concurrent first writes of one bookmark all succeed', /setBookmark must be an upsert safe under concurrent callers/]],
  ],
  [
    'sloppy envelopes (string timestamps, meta null)',
    broken.sloppyEnvelopes,
    [
      ['returns the stored envelopes of a multi-event append', /envelope.timestamp must be a Date/],
      ['round-trips metadata and leaves it out when none was given', /must leave meta out when none was appended/],
    ],
  ],
]

cases.push(
  [
    'positions taken from versions',
    broken.positionIsVersion,
    [
      ['gives every event a strictly increasing position', /positions must strictly increase in append order/],
      ['reads the log in append order across streams and aggregates', /readLog/],
    ],
  ],
  [
    'bookmarks that expire after 150 ms',
    () => broken.expiringBookmarks(150),
    [['tail mode: start() handles events appended later, stop() ends it', /tail mode: runOnce\(\) after stop\(\) must handle exactly the one event/]],
  ],
  [
    'push declared but never notifying',
    broken.silentPush,
    [['push: an append from another provider wakes a caught-up handler that polls every 30 s', /push: an append from another provider must reach a handler polling every 30 s within 2000 ms/]],
  ],
  [
    'unknown aggregates that throw',
    broken.unknownAggregateThrows,
    [['gives an unknown aggregate version 0 and the create() state', /not found/]],
  ],
)

describe.each(cases)('the suite catches a provider with %s', (_name, create, caughtBy) => {
  it('fails the named tests with a message naming the guarantee', async () => {
    const outcomes = await runCollected(create)
    const failures = failuresOf(outcomes)
    for (const [test, message] of caughtBy) {
      const outcome = outcomes.find((o) => o.name === test)
      assert.ok(outcome !== undefined, `no test named ${test}`)
      assert.equal(outcome.status, 'failed', `"${test}" should fail for this broken provider but ${outcome.status}`)
      assert.match(failures.get(test) ?? '', message)
    }
  }, 120_000)
})

describe('the suite catches a provider that claims to be persistent but is not', () => {
  it('fails the persistence and cross-instance racing tests', async () => {
    const outcomes = await runCollected(() => broken.separateStores(), { capabilities: {} })
    const failures = failuresOf(outcomes)
    assert.match(failures.get('keeps a bookmark across provider instances') ?? '', /a second provider on the same database must read the saved bookmark/)
    assert.match(failures.get('racing appends to a new aggregate: exactly one wins') ?? '', /exactly one may win, [2-9] did/)
  }, 120_000)
})

describe('the suite catches a bookmark first write that races only across instances', () => {
  it('fails the concurrent first-write test, whose writes are spread over the racing providers', async () => {
    const outcomes = await runCollected(broken.bookmarkInsertRaceAcrossInstances(), { capabilities: {} })
    assert.match(
      failuresOf(outcomes).get('concurrent first writes of one bookmark all succeed') ?? '',
      /setBookmark must be an upsert safe under concurrent callers; \d+ of 10 concurrent first writes failed/,
    )
  }, 120_000)
})

describe('the suite tells a missing table from a version conflict', () => {
  it('passes a provider whose missing table fails with a driver error', async () => {
    const schema = createSchema({ idempotent: true })
    const outcomes = await runCollected(
      () => createMemoryProvider(),
      { createProviderWithTableName: (name) => createNamedMemoryProvider(name, { validate: true, tables: schema.tables }) },
      migrationTests,
    )
    const test = outcomes.find((o) => o.name === MISSING_TABLE)
    assert.equal(test?.status, 'passed', test?.message)
  }, 120_000)

  it('catches a provider that reports every failure as a version conflict', async () => {
    const schema = createSchema({ idempotent: true })
    const outcomes = await runCollected(
      () => createMemoryProvider(),
      {
        createProviderWithTableName: (name) =>
          createNamedMemoryProvider(name, { validate: true, tables: schema.tables, failuresAsConflicts: true }),
      },
      migrationTests,
    )
    assert.match(
      failuresOf(outcomes).get(MISSING_TABLE) ?? '',
      /tell errors apart .*: append on a missing table was reported as a version conflict \(VersionConflictError \(code VERSION_CONFLICT\)/,
    )
  }, 120_000)
})

describe('the deterministic late-commit test', () => {
  it('passes a provider whose reads stop below an open append', async () => {
    // This provider keeps no snapshots: it does not declare them.
    const outcomes = await runCollected(() => createHoldableMemoryProvider({ gate: true }), { holdAppend, capabilities: { persistent: false } })
    const late = outcomes.find((o) => o.name === 'a handler does not pass an append that commits late')
    assert.equal(late?.status, 'passed', late?.message)
    assert.deepStrictEqual([...failuresOf(outcomes).keys()], [])
  }, 120_000)

  it('catches a provider whose reads skip over an open append', async () => {
    const outcomes = await runCollected(() => createHoldableMemoryProvider({ gate: false }), { holdAppend })
    assert.match(
      failuresOf(outcomes).get('a handler does not pass an append that commits late') ?? '',
      /late commit: the handler read past an append that committed late and never saw it/,
    )
  }, 120_000)

  it('passes a gated provider whose appends take 300 ms to commit', async () => {
    const outcomes = await runCollected(
      () => createHoldableMemoryProvider({ gate: true, commitLatencyMs: 300 }),
      { holdAppend, skip: [STRESS] },
      orderingTests,
    )
    const late = outcomes.find((o) => o.name === 'a handler does not pass an append that commits late')
    assert.equal(late?.status, 'passed', late?.message)
  }, 300_000)

  it('catches a provider whose reads skip over an open append when the later append takes 300 ms to commit', async () => {
    const outcomes = await runCollected(
      () => createHoldableMemoryProvider({ gate: false, commitLatencyMs: 300 }),
      { holdAppend, skip: [STRESS] },
      orderingTests,
    )
    assert.match(
      failuresOf(outcomes).get('a handler does not pass an append that commits late') ?? '',
      /late commit: the handler read past an append that committed late and never saw it/,
    )
  }, 300_000)
})
