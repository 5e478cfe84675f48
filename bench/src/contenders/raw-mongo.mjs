// Raw MongoDB driver: one document per event in an equivalent collection (a unique index
// on aggregate + version and on the event id, a log index), as a user would write it.
import { randomUUID } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { STREAM } from '../model.mjs'
import { foldRows } from './raw-sql.mjs'

/** Raw mongodb: insertOne per event, insertMany per batch, paged find by _id, find + fold. */
export function rawMongo(store) {
  let client
  let events
  return {
    label: 'raw mongodb',
    missing: {
      command: 'no commands: compared with its single insert',
      follow: 'no handler in a raw driver',
    },
    async open() {
      client = new MongoClient(store.url, { maxPoolSize: 16 })
      events = client.db().collection('raw_events')
      // one index per call: FerretDB 1.24 drops the connection on a createIndexes listing some that exist
      for (const index of [
        { name: 'raw_head', key: { s: 1, a: 1, v: 1 }, unique: true },
        { name: 'raw_event_id', key: { e: 1 }, unique: true },
        { name: 'raw_log', key: { s: 1, _id: 1 } },
      ]) {
        if (!store.existing) await events.createIndexes([index])
      }
    },
    async append(id, version, list) {
      const docs = list.map((p, k) => ({
        s: STREAM,
        a: id,
        v: version + 1 + k,
        e: randomUUID(),
        p,
        t: new Date(),
      }))
      if (docs.length === 1) await events.insertOne(docs[0])
      else await events.insertMany(docs)
    },
    async load(id) {
      const docs = await events.find({ s: STREAM, a: id }).sort({ v: 1 }).toArray()
      return foldRows(
        docs.map((d) => ({ version: d.v, p: d.p })),
        (row) => row.p,
      )
    },
    async catchUp(batchSize, progress) {
      let filter = { s: STREAM }
      let seen = 0
      for (;;) {
        const docs = await events.find(filter).sort({ _id: 1 }).limit(batchSize).toArray()
        if (docs.length === 0) return seen
        for (const doc of docs) if (doc.p.type === 'deposited') seen++
        filter = { s: STREAM, _id: { $gt: docs[docs.length - 1]._id } }
        progress?.(seen)
      }
    },
    async close() {
      await client?.close()
    },
  }
}
