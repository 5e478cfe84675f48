import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { comparePositions, createAggregate, createDomain, type Provider, type StoredEvent } from '@evtstore/core'
import { createProvider, migrate } from '../src/index.js'
import { holdAppend } from './support/hold-append.js'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'

// The deterministic ordering proof: an append holds its position (it has read the top
// commit and is about to insert after it) while a later append commits. A handler must
// not pass the held one, and must see it once it is stored. The control shows the same
// scenario catches a store that hands out positions before storing.

let t: MongoTestDatabase
beforeAll(async () => {
  t = await openTestDatabase('held_append')
})
afterAll(() => t?.close())

const note = createAggregate({
  stream: 'note',
  create: () => ({ count: 0 }),
  fold: (_ev: { type: 'added' }, state: { count: number }) => ({ count: state.count + 1 }),
})

function append(provider: Provider, aggregateId: string): Promise<StoredEvent[]> {
  return provider.append({ stream: 'note', aggregateId, expectedVersion: 0, events: [{ id: randomUUID(), event: { type: 'added' } }] })
}

test('a held append (position read, insert paused) is not passed by a handler: a later append commits first, the handler sees it, then the held one once stored', async () => {
  const options = { events: t.db.collection('held_events'), bookmarks: t.db.collection('held_bookmarks') }
  await migrate(options.events, options.bookmarks)
  const writer = createProvider(options)
  const { createHandler } = createDomain({ provider: createProvider(options) }, { note })
  const seen: StoredEvent[] = []
  const handler = createHandler('held-append', ['note'], { batchSize: 10 })
  handler.handle('note', 'added', (_id, _event, envelope) => void seen.push(envelope))

  const [first] = await append(writer, 'first')
  const lateId = randomUUID()
  const held = await holdAppend(options, {
    stream: 'note',
    aggregateId: 'held',
    expectedVersion: 0,
    events: [{ id: lateId, event: { type: 'added' } }],
  })
  assert.equal(String(held.position), String(Number(first!.position) + 1), 'the held append read the position after the first commit')

  const [later] = await append(writer, 'later')
  assert.equal(later!.position, String(held.position), 'the later append stored its commit at the position the held one had read')

  await handler.runOnce()
  assert.deepEqual(seen.map((e) => e.id), [first!.id, later!.id], 'the handler sees what is stored, and nothing of the held append')

  const [late] = await held.commit()
  assert.equal(late!.id, lateId)
  assert.ok(comparePositions(late!.position, later!.position) > 0, `the held append is stored after the later one (${late!.position} > ${later!.position})`)

  await handler.runOnce()
  assert.deepEqual(seen.map((e) => e.id), [first!.id, later!.id, lateId], 'the handler sees the held append once it is stored, exactly once, in order')
  const log = await writer.readLog({ streams: ['note'], after: '0', limit: 100 })
  assert.deepEqual(log.map((e) => e.id), seen.map((e) => e.id), 'the handler saw exactly the log, in log order')
})

test('control: positions taken from a counter before the insert let a reader pass a held write, so the scenario above would catch such a store', async () => {
  const counter = t.db.collection<{ _id: string; n: number }>('control_counter')
  const log = t.db.collection<{ _id: number; id: string }>('control_log')
  const take = async () => (await counter.findOneAndUpdate({ _id: 'n' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' }))!.n
  let last = 0
  const seen: string[] = []
  const read = async () => {
    for (const doc of await log.find({ _id: { $gt: last } }).sort({ _id: 1 }).toArray()) {
      seen.push(doc.id)
      last = doc._id
    }
  }
  const heldPosition = await take() // the held write has its position, not yet stored
  const laterPosition = await take()
  await log.insertOne({ _id: laterPosition, id: 'later' })
  await read()
  await log.insertOne({ _id: heldPosition, id: 'held' })
  await read()
  const stored = (await log.find().toArray()).map((d) => d.id)
  const missed = stored.filter((id) => !seen.includes(id))
  assert.deepEqual(missed, ['held'], 'the counter-based log loses the held write: the reader moved past its position before it was stored')
})
