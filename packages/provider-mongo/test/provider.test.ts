import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { guardProvider, isDuplicateEventError, isVersionConflictError, type AppendRequest, type Provider } from '@evtstore/core'
import { MongoClient, type Collection, type CommandStartedEvent } from 'mongodb'
import { createProvider, migrate } from '../src/index.js'
import { holdAppend } from './support/hold-append.js'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'

// What the conformance suite cannot see from outside: the MongoDB-specific guarantees of
// this provider, each against the run's real server (FerretDB or MongoDB).

let t: MongoTestDatabase
beforeAll(async () => {
  t = await openTestDatabase('provider')
})
afterAll(() => t?.close())

/** Fresh, migrated collections and a (core-guarded, as users get it) provider on them. */
async function store(name = `s${randomUUID().slice(0, 8)}`) {
  const events = t.db.collection(`${name}_events`)
  const bookmarks = t.db.collection(`${name}_bookmarks`)
  await migrate(events, bookmarks)
  return { events, bookmarks, ids: t.db.collection(`${name}_events_ids`), provider: guardProvider(createProvider({ events, bookmarks })) }
}

function request(aggregateId: string, expectedVersion: number, ids: string[], event: object = { type: 'noted' }): AppendRequest {
  return { stream: 'note', aggregateId, expectedVersion, events: ids.map((id) => ({ id, event: event as { type: string } })) }
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (err: Error & { code?: string }) => err,
  )
}

/** Migrated collections `<prefix>_events`/`_bookmarks` and a provider on a client that logs every command it sends to `seen`. */
async function withCommandLog(
  prefix: string,
  work: (s: { events: Collection; provider: Provider; seen: CommandStartedEvent[] }) => Promise<void>,
): Promise<void> {
  const client = await MongoClient.connect(t.testDb.url, { monitorCommands: true })
  const seen: CommandStartedEvent[] = []
  client.on('commandStarted', (e) => seen.push(e))
  try {
    const events = client.db().collection(`${prefix}_events`)
    const bookmarks = client.db().collection(`${prefix}_bookmarks`)
    await migrate(events, bookmarks)
    await work({ events, provider: createProvider({ events, bookmarks }), seen })
  } finally {
    await client.close()
  }
}

async function collectionNames(): Promise<string[]> {
  return (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
}

describe('input is refused before any I/O', () => {
  test('bad collection names, a bad limit and a promise of a badly named collection throw ValidationError and create nothing', async () => {
    const bookmarks = t.db.collection('bad_input_bookmarks')
    for (const name of ['bad-name', 'events.x', '1events', 'e'.repeat(64)]) {
      assert.throws(() => createProvider({ events: t.db.collection(name), bookmarks }), { code: 'VALIDATION_FAILED' })
      assert.equal((await rejection(migrate(t.db.collection(name), bookmarks))).code, 'VALIDATION_FAILED')
    }
    assert.throws(() => createProvider({ events: t.db.collection('ok_events'), bookmarks, limit: 0 }), { code: 'VALIDATION_FAILED' })
    assert.throws(() => createProvider({ events: t.db.collection('same'), bookmarks: t.db.collection('same') }), { code: 'VALIDATION_FAILED' })
    const promised = createProvider({ events: Promise.resolve(t.db.collection('bad name')), bookmarks })
    assert.equal((await rejection(promised.append(request('a', 0, [randomUUID()])))).code, 'VALIDATION_FAILED')
    const names = await collectionNames()
    assert.ok(!names.some((n) => /bad|events\.x|same|ok_events|^e{64}/.test(n)), `nothing was created: ${names.join(', ')}`)
  })

  test('an append over the 16 MiB document limit, or with a lone surrogate in a name, is refused and stores nothing', async () => {
    const s = await store()
    const big = 'x'.repeat(8 * 1024 * 1024)
    const tooBig = s.provider.append({
      stream: 'note',
      aggregateId: 'big',
      expectedVersion: 0,
      events: [
        { id: randomUUID(), event: { type: 'half', big } },
        { id: randomUUID(), event: { type: 'half', big } },
      ],
    })
    const err = await rejection(tooBig)
    assert.equal(err.code, 'VALIDATION_FAILED')
    assert.match(err.message, /16777216-byte document limit/)
    assert.equal((await rejection(s.provider.append(request('a\uD800', 0, [randomUUID()])))).code, 'VALIDATION_FAILED')
    assert.equal(await s.events.countDocuments(), 0, 'no commit was stored')
    assert.equal(await s.ids.countDocuments(), 0, 'no event id was claimed')
  })

  test('a commit just under the document limit is stored and read back whole', async () => {
    const s = await store()
    // the largest payload the provider declares (16 MiB - 64 KiB of JSON), less its JSON punctuation
    const text = 'y'.repeat(16 * 1024 * 1024 - 64 * 1024 - 64)
    await s.provider.append({ stream: 'note', aggregateId: 'large', expectedVersion: 0, events: [{ id: randomUUID(), event: { type: 'large', text } }] })
    const [read] = await s.provider.readAggregate({ stream: 'note', aggregateId: 'large', afterVersion: 0, limit: 10 })
    assert.equal((read!.event as { text: string }).text.length, text.length)
  })
})

describe('event ids', () => {
  test('a reused id is refused on this server, also when 16 appends to different aggregates race with it: exactly one stores it', async () => {
    const s = await store()
    const id = randomUUID()
    await s.provider.append(request('first', 0, [id]))
    const err = await rejection(s.provider.append(request('second', 0, [randomUUID(), id])))
    assert.ok(isDuplicateEventError(err))
    assert.deepEqual((err as unknown as { eventIds: string[] }).eventIds, [id])
    const racing = randomUUID()
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_x, i) => createProvider({ events: s.events, bookmarks: s.bookmarks }).append(request(`racer-${i}`, 0, [racing]))),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected' && isDuplicateEventError(r.reason))
    assert.equal(won.length, 1, 'exactly one racing append stores the id')
    assert.equal(refused.length, 15, 'every other one is a DuplicateEventError')
    const holding = await s.events.countDocuments({ 'e.i': { $in: [id, racing] } })
    assert.equal(holding, 2, 'each id is stored in exactly one commit')
  })

  test('the claim of an append that lost its slot is an orphan: harmless, and the id can be used again', async () => {
    const s = await store()
    const id = randomUUID()
    const options = { events: s.events, bookmarks: s.bookmarks }
    const held = await holdAppend(options, request('contended', 0, [id]))
    await s.provider.append(request('contended', 0, [randomUUID()])) // takes the slot the held one claimed for
    const lost = await rejection(held.commit())
    assert.ok(isVersionConflictError(lost), `the held append lost its slot: ${lost.message}`)
    assert.equal(await s.ids.countDocuments({ e: id }), 1, 'its claim is left behind')
    const [stored] = await s.provider.append(request('elsewhere', 0, [id]))
    assert.equal(stored!.id, id, 'the orphaned id is claimed again (next generation) and stored')
    assert.deepEqual((await s.ids.find({ e: id }).sort({ g: 1 }).toArray()).map((c) => c.g), [0, 1])
    assert.ok(isDuplicateEventError(await rejection(s.provider.append(request('third', 0, [id])))), 'now it is in use')
  })

  test('the claim of an append that never finished keeps the id for its own aggregate: a retry there succeeds, another aggregate is refused', async () => {
    const s = await store()
    const id = randomUUID()
    // what an append leaves when its process dies between claiming and inserting
    await s.ids.insertOne({ _id: `0/${id}` as never, e: id, g: 0, s: 'note', a: 'crashed', v: 0 })
    assert.ok(isDuplicateEventError(await rejection(s.provider.append(request('other', 0, [id])))))
    const [retried] = await s.provider.append(request('crashed', 0, [id]))
    assert.equal(retried!.id, id)
  })
})

describe('errors and outcomes', () => {
  test('an unmigrated collection is a ProviderError and stays empty; migrate fails loudly on an index of the same name with another shape', async () => {
    const events = t.db.collection('unmigrated_events')
    const bookmarks = t.db.collection('unmigrated_bookmarks')
    await events.insertOne({ _id: 'placeholder' as never })
    const provider = createProvider({ events, bookmarks })
    const err = await rejection(provider.append(request('a', 0, [randomUUID()])))
    assert.equal(err.code, 'PROVIDER_FAILURE')
    assert.match(err.message, /not migrated/)
    assert.equal(await events.countDocuments(), 1, 'nothing was appended')
    await events.createIndex({ s: 1, a: 1, v: 1 }, { name: 'unmigrated_events_head' }) // not unique
    const migrateErr = await rejection(migrate(events, bookmarks))
    assert.equal(migrateErr.code, 'PROVIDER_FAILURE')
    assert.match(migrateErr.message, /unmigrated_events_head of another shape/)
  })

  test('an append whose reply is lost after the server stored it is reported as stored, once; one that never reached the server fails', async () => {
    const s = await store()
    const lostReply = (landed: boolean) =>
      new Proxy(s.events, {
        get(target, key, receiver) {
          if (key !== 'insertOne') return Reflect.get(target, key, receiver)
          return async (...args: Parameters<Collection['insertOne']>) => {
            if (landed) await target.insertOne(...args)
            throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' })
          }
        },
      })
    const id = randomUUID()
    const stored = await createProvider({ events: lostReply(true), bookmarks: s.bookmarks }).append(request('lost', 0, [id]))
    assert.equal(stored[0]!.id, id)
    assert.equal(await s.events.countDocuments({ 'e.i': id }), 1)
    const err = await rejection(createProvider({ events: lostReply(false), bookmarks: s.bookmarks }).append(request('never', 0, [randomUUID()])))
    assert.equal(err.code, 'PROVIDER_FAILURE')
    assert.equal(await s.events.countDocuments({ a: 'never' }), 0)
  })
})

describe('storage', () => {
  test('payloads keep $ and dotted keys, nested arrays, big numbers, NUL and empty objects; envelopes carry no _id', async () => {
    const s = await store()
    const event = { type: 'odd', $set: { 'a.b': 1 }, nested: [[1, [2]], []], big: 2 ** 64 + 2 ** 12, nul: 'a\u0000b', empty: {} }
    await s.provider.append(request('fidelity', 0, [randomUUID()], event))
    const [read] = await s.provider.readLog({ streams: ['note'], after: '0', limit: 10 })
    assert.deepEqual(read!.event, JSON.parse(JSON.stringify(event)))
    assert.deepEqual(Object.keys(read!).sort(), ['aggregateId', 'event', 'id', 'position', 'stream', 'timestamp', 'version'])
  })

  test('writes ask for majority write concern and reads that hand out events for majority read concern', async () => {
    await withCommandLog('concern', async ({ provider, seen }) => {
      await provider.append(request('c', 0, [randomUUID()]))
      await provider.readLog({ streams: ['note'], after: '0', limit: 10 })
      await provider.readAggregate({ stream: 'note', aggregateId: 'c', afterVersion: 0, limit: 10 })
      await provider.setBookmark('h', '1')
      const writes = seen.filter((e) => e.commandName === 'insert' || e.commandName === 'update')
      assert.ok(writes.length >= 3)
      for (const w of writes) assert.equal((w.command.writeConcern as { w?: unknown } | undefined)?.w, 'majority', `${w.commandName} on ${String(w.command[w.commandName])}`)
      const reads = seen.filter((e) => e.commandName === 'find' && (e.command.filter?.l !== undefined || e.command.filter?.w !== undefined))
      assert.equal(reads.length, 2)
      for (const r of reads) assert.equal((r.command.readConcern as { level?: unknown } | undefined)?.level, 'majority')
    })
  })

  test('an append at version n asks the server only for an _id lookup and two inserts, whatever the store holds', async () => {
    await withCommandLog('cost', async ({ events, provider, seen }) => {
      for (let v = 0; v < 3; v++) await provider.append(request('x', v, [randomUUID()]))
      await provider.append(request('y', 0, [randomUUID(), randomUUID()]))
      seen.length = 0
      const [stored] = await provider.append(request('x', 3, [randomUUID()]))
      assert.equal(stored!.version, 4)
      const asked = seen.map((e) => `${e.commandName} ${String(e.command[e.commandName])} ${JSON.stringify(e.command.filter ?? null)}`)
      assert.deepEqual(asked, [`find cost_events {"_id":"[\\"note\\",\\"x\\",3]"}`, 'insert cost_events_ids null', 'insert cost_events null'])
      const doc = await events.findOne({ a: 'x', v: 3 })
      assert.deepEqual({ _id: doc!._id, p: doc!.p, l: doc!.l, w: doc!.w }, { _id: '["note","x",4]', p: 6, l: 6, w: 4 })
    })
  })

  test('an expected version past the head, inside a commit or behind it is a VersionConflictError with the actual version; nothing is stored', async () => {
    const s = await store()
    await s.provider.append(request('g', 0, [randomUUID()]))
    await s.provider.append(request('g', 1, [randomUUID(), randomUUID()])) // commits end at 1 and 3
    for (const expectedVersion of [1, 2, 4, 7]) {
      const id = randomUUID()
      const err = await rejection(s.provider.append(request('g', expectedVersion, [id])))
      assert.ok(isVersionConflictError(err), `expected version ${expectedVersion}: ${err.message}`)
      assert.equal((err as unknown as { actualVersion: number }).actualVersion, 3)
      // only an earlier commit's end passes the lookup; its insert then loses to the head index
      assert.equal(await s.ids.countDocuments({ e: id }), expectedVersion === 1 ? 1 : 0)
    }
    assert.equal(await s.events.countDocuments(), 2)
    const [next] = await s.provider.append(request('g', 3, [randomUUID()]))
    assert.equal(next!.version, 4)
  })
})
