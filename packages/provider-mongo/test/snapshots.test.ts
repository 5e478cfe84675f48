import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { guardProvider, type AggregateSnapshot } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'

// Aggregate snapshots on the run's server (FerretDB or MongoDB): where migrate() puts
// them, what it refuses, and the races the conformance suite does not run.

let t: MongoTestDatabase
beforeAll(async () => {
  t = await openTestDatabase('snapshots')
})
afterAll(() => t?.close())

async function store(name = `s${randomUUID().slice(0, 8)}`) {
  const events = t.db.collection(`${name}_events`)
  const bookmarks = t.db.collection(`${name}_bookmarks`)
  await migrate(events, bookmarks)
  return { events, bookmarks, snapshots: t.db.collection(`${name}_events_snapshots`), provider: guardProvider(createProvider({ events, bookmarks })) }
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (err: Error & { code?: string }) => err,
  )
}

describe('snapshots', () => {
  test('migrate creates <events>_snapshots with a unique (s, a) index, also for the longest events name', async () => {
    for (const name of [`s${randomUUID().slice(0, 8)}_events`, `e${'x'.repeat(62)}`]) {
      const events = t.db.collection(name)
      const bookmarks = t.db.collection(`${name.slice(0, 50)}_bookmarks`)
      await migrate(events, bookmarks)
      await migrate(events, bookmarks)
      const indexes = await t.db.collection(`${name}_snapshots`).listIndexes().toArray()
      const index = indexes.find((i) => i.name === `${name}_snapshots_aggregate`)
      assert.deepEqual(index?.key, { s: 1, a: 1 })
      assert.equal(index?.unique, true)
      const provider = createProvider({ events, bookmarks })
      assert.equal(provider.capabilities?.snapshots, true)
      await provider.writeSnapshot!({ stream: 's', aggregateId: 'a', key: 'k', version: 1, state: {} })
      assert.deepEqual(await provider.readSnapshot!({ stream: 's', aggregateId: 'a' }), { stream: 's', aggregateId: 'a', key: 'k', version: 1, state: {} })
    }
  })

  test('a bookmarks collection named like the snapshot collection is refused before any I/O', async () => {
    const events = t.db.collection('refused_events')
    const bookmarks = t.db.collection('refused_events_snapshots')
    assert.throws(() => createProvider({ events, bookmarks }), { code: 'VALIDATION_FAILED', path: 'options.bookmarks' })
    assert.equal((await rejection(migrate(events, bookmarks))).code, 'VALIDATION_FAILED')
    const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
    assert.ok(!names.some((n) => n.startsWith('refused_')), `nothing was created: ${names.join(', ')}`)
  })

  test('the state is JSON text: $ and dotted keys, nested arrays and NUL round-trip; one document per aggregate', async () => {
    const s = await store()
    const state = { $set: { 'a.b': 1 }, nested: [[1, [2]], []], nul: 'a\u0000b', big: 2 ** 60 }
    await s.provider.writeSnapshot!({ stream: 'note', aggregateId: 'x', key: 'k1', version: 3, state })
    await s.provider.writeSnapshot!({ stream: 'note', aggregateId: 'x', key: 'k1', version: 9, state: { ...state, n: 9 } })
    assert.deepEqual(await s.provider.readSnapshot!({ stream: 'note', aggregateId: 'x' }), {
      stream: 'note',
      aggregateId: 'x',
      key: 'k1',
      version: 9,
      state: JSON.parse(JSON.stringify({ ...state, n: 9 })),
    })
    const docs = await s.snapshots.find({}).toArray()
    assert.equal(docs.length, 1)
    assert.equal(typeof docs[0]!.d, 'string')
  })

  test('16 first writes of one aggregate at once, from 8 clients, all succeed and leave one snapshot, one of theirs', async () => {
    const s = await store()
    const clients = await Promise.all(Array.from({ length: 8 }, () => t.connect()))
    const providers = clients.map((client) => {
      const db = client.db()
      return guardProvider(createProvider({ events: db.collection(s.events.collectionName), bookmarks: db.collection(s.bookmarks.collectionName) }))
    })
    // each client's first call checks the migration: done before the race
    await Promise.all(providers.map((p) => p.readSnapshot!({ stream: 'note', aggregateId: 'race' })))
    const writes: AggregateSnapshot[] = Array.from({ length: 16 }, (_, i) => ({ stream: 'note', aggregateId: 'race', key: 'k', version: i + 1, state: { i } }))
    await Promise.all(writes.map((w, i) => providers[i % providers.length]!.writeSnapshot!(w)))
    const docs = await s.snapshots.find({ s: 'note', a: 'race' }).toArray()
    assert.equal(docs.length, 1)
    const read = await s.provider.readSnapshot!({ stream: 'note', aggregateId: 'race' })
    assert.ok(writes.some((w) => JSON.stringify(w) === JSON.stringify(read)), `read back one of the writes: ${JSON.stringify(read)}`)
  })

  test('a store migrated before snapshots existed keeps appending; its snapshot calls fail until migrate() runs again', async () => {
    const s = await store()
    await s.snapshots.drop()
    const provider = createProvider({ events: s.events, bookmarks: s.bookmarks })
    await provider.append({ stream: 'note', aggregateId: 'old', expectedVersion: 0, events: [{ id: randomUUID(), event: { type: 'noted' } }] })
    for (const call of [
      () => provider.readSnapshot!({ stream: 'note', aggregateId: 'old' }),
      () => provider.writeSnapshot!({ stream: 'note', aggregateId: 'old', key: 'k', version: 1, state: {} }),
    ]) {
      const err = await rejection(call())
      assert.equal(err.code, 'PROVIDER_FAILURE')
      assert.match(err.message, /not migrated: .*_snapshots/)
    }
    assert.equal(await s.snapshots.countDocuments(), 0)
    await migrate(s.events, s.bookmarks)
    await provider.writeSnapshot!({ stream: 'note', aggregateId: 'old', key: 'k', version: 1, state: {} })
    assert.equal((await provider.readSnapshot!({ stream: 'note', aggregateId: 'old' }))?.version, 1)
  })
})
