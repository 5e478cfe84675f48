// The memory provider passes every test that is not skipped, through the collecting
// runner, and the skips are exactly the ones its options call for, reasons included.
import assert from 'node:assert/strict'
import { createMemoryProvider } from '@evtstore/core/memory'
import { listConformanceTests } from '../src/index.js'
import { createNamedMemoryProvider, createSchema } from './support/named-memory-provider.js'
import { runCollected } from './support/run-collected.js'

describe('the memory provider', () => {
  it('passes every test, skipping only what it lacks', async () => {
    const outcomes = await runCollected(() => createMemoryProvider())
    const failed = outcomes.filter((o) => o.status === 'failed')
    assert.deepStrictEqual(failed, [], 'no test may fail for the memory provider')
    const skipped = outcomes.filter((o) => o.status === 'skipped').map((o) => o.name)
    assert.ok(skipped.includes('keeps a bookmark across provider instances [skipped: capability persistent is false: data does not outlive the provider]'))
    assert.ok(skipped.includes('migrate() can run twice [skipped: no migrate hook given (options.migrate)]'))
    assert.equal(skipped.length, 17, `expected 17 skipped tests, got ${skipped.length}: ${skipped.join('; ')}`)
    assert.equal(outcomes.length, listConformanceTests().length, 'every listed test is registered once')
  }, 120_000)

  it('passes every test when several provider instances share one store (persistent, racing across instances)', async () => {
    const store = createMemoryProvider()
    let instances = 0
    const outcomes = await runCollected(
      () => {
        instances++
        return {
          name: 'shared-memory',
          append: (request) => store.append(request),
          readAggregate: (request) => store.readAggregate(request),
          readLog: (request) => store.readLog(request),
          getBookmark: (name) => store.getBookmark(name),
          setBookmark: (name, position) => store.setBookmark(name, position),
          acceptsPosition: (position) => store.acceptsPosition!(position),
        }
      },
      { capabilities: {} },
    )
    assert.deepStrictEqual(outcomes.filter((o) => o.status === 'failed'), [])
    const skipped = outcomes.filter((o) => o.status === 'skipped')
    assert.ok(
      skipped.every(
        (o) =>
          o.path.includes('migration') ||
          o.path.includes('snapshots') ||
          o.name.includes('no holdAppend hook given') ||
          o.name.includes('the provider stores U+0000') ||
          o.name.includes('declares no name byte limits') ||
          o.name.includes('capability leases is not declared') ||
          o.name.includes('capability push is not declared') ||
          o.name.includes('capability transactionalHandlers is not declared'),
      ),
      'only the tests needing hooks or a declared limit may be skipped',
    )
    const ran = outcomes.filter((o) => o.status !== 'skipped').length
    // Each test takes one instance; the racing and stress tests take two more each.
    assert.ok(instances - ran >= 10, `racing tests must use extra provider instances (${instances} for ${ran} tests)`)
  }, 120_000)

  it('passes the migration tests with hooks, and registers skip-listed tests as skipped', async () => {
    const schema = createSchema({ idempotent: true })
    const outcomes = await runCollected(() => createMemoryProvider(), {
      migrate: () => schema.migrate(),
      createProviderWithTableName: (name) => createNamedMemoryProvider(name, { validate: true, tables: schema.tables }),
      skip: ['round-trips control characters and NUL in strings'],
    })
    assert.deepStrictEqual(outcomes.filter((o) => o.status === 'failed'), [])
    const skipped = outcomes.filter((o) => o.status === 'skipped').map((o) => o.name)
    assert.deepStrictEqual(skipped.sort(), [
      'a handler does not pass an append that commits late [skipped: no holdAppend hook given]',
      'keeps a bookmark across provider instances [skipped: capability persistent is false: data does not outlive the provider]',
      'refuses U+0000 with ValidationError where the provider cannot store it, and writes nothing [skipped: the provider stores U+0000 (see payloads)]',
      'refuses names longer than the provider holds, naming the limit; a handler name when the handler is created [skipped: the provider declares no name byte limits (capabilities.maxKeyBytes)]',
      'round-trips control characters and NUL in strings [skipped: listed in the skip option]',
      'transactions: a committed transaction stores the writes and the bookmark; a rejected one neither, with the error passed on [skipped: capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction]',
      'transactions: a failing event’s writes roll back while the events before it commit with the bookmark; the next run goes on from there [skipped: capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction]',
      'transactions: a rejected savepoint undoes its own writes only; the transaction goes on and commits the rest [skipped: capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction]',
      'transactions: a transactional handler writes each event once through tx and saves its bookmark with them [skipped: capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction]',
      'transactions: an exclusive handler that lost its lease commits nothing of the batch (the fenced bookmark write rolls it back) [skipped: capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction]',
    ])
  }, 120_000)

  it('catches a migration that cannot run twice and table names that are not validated', async () => {
    const schema = createSchema({ idempotent: false })
    const outcomes = await runCollected(() => createMemoryProvider(), {
      migrate: () => schema.migrate(),
      createProviderWithTableName: (name) => createNamedMemoryProvider(name, { validate: false, tables: schema.tables }),
    })
    const failed = new Map(outcomes.filter((o) => o.status === 'failed').map((o) => [o.name, o.message ?? '']))
    assert.match(failed.get('migrate() can run twice') ?? '', /already exists/)
    for (const test of [
      'refuses a name with a statement separator as a table name with ValidationError',
      'refuses a name with a double quote as a table name with ValidationError',
      'refuses a name with a backtick and a space as a table name with ValidationError',
      'refuses an empty name as a table name with ValidationError',
      'refuses a 300-character name as a table name with ValidationError',
    ]) {
      assert.match(failed.get(test) ?? '', /table name validation: .* must be refused/, test)
    }
    assert.equal(failed.size, 6, `only the migration tests may fail: ${[...failed.keys()].join('; ')}`)
  }, 120_000)
})
