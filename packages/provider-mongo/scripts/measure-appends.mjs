#!/usr/bin/env node
// Measures appends per second on a MongoDB-compatible server and prints them, with the
// position retries per commit; it asserts nothing. Run after `pnpm build`:
//
//   EVTSTORE_MONGO_URL=mongodb://127.0.0.1:27017/ node scripts/measure-appends.mjs
//
// Without EVTSTORE_MONGO_URL it starts the test server (@evtstore/test-databases: the
// official mongo image, or FerretDB with EVTSTORE_TEST_IMAGES=local) and stops it after.
// Each case writes one-event appends to each writer's own aggregate for a fixed time:
//   - 1 writer;
//   - 16 writers sharing one provider (one process: its appends take turns for positions);
//   - 16 writers with a provider each (as 16 processes would: they race for positions).
import { randomUUID } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { startDatabase } from '@evtstore/test-databases'
import { withAppendHooks } from '../dist/esm/append-hooks.js'
import { createProvider, migrate } from '../dist/esm/index.js'

const SECONDS = Number(process.env.MEASURE_SECONDS ?? 10)

async function measure(db, label, writers, sharedProvider) {
  const events = db.collection(`m_${label.replace(/\W+/g, '_')}`)
  const bookmarks = db.collection(`${events.collectionName}_bookmarks`)
  await migrate(events, bookmarks)
  const stats = { commits: 0, positionRetries: 0 }
  const shared = createProvider(withAppendHooks({ events, bookmarks }, { stats }))
  const deadline = Date.now() + SECONDS * 1000
  const started = Date.now()
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const provider = sharedProvider ? shared : createProvider(withAppendHooks({ events, bookmarks }, { stats }))
      const aggregateId = randomUUID()
      for (let version = 0; Date.now() < deadline; version++) {
        await provider.append({ stream: 'bench', aggregateId, expectedVersion: version, events: [{ id: randomUUID(), event: { type: 'tick', n: version } }] })
      }
    }),
  )
  const elapsed = (Date.now() - started) / 1000
  const perSecond = stats.commits / elapsed
  const retries = stats.commits === 0 ? 0 : stats.positionRetries / stats.commits
  console.log(`${label.padEnd(34)} ${perSecond.toFixed(1).padStart(8)} appends/s  (${stats.commits} in ${elapsed.toFixed(1)} s, ${retries.toFixed(2)} position retries per commit)`)
}

const server = process.env.EVTSTORE_MONGO_URL ? undefined : await startDatabase('mongo')
const url = process.env.EVTSTORE_MONGO_URL ?? server.url
const client = await MongoClient.connect(url, { maxPoolSize: 32 })
const info = await client.db('admin').command({ buildInfo: 1 })
const name = `measure_${Date.now()}`
const db = client.db(name)
console.log(`server ${info.version}${info.ferretdbVersion ? ` (FerretDB ${info.ferretdbVersion})` : ''}, ${SECONDS} s per case`)
try {
  await measure(db, '1 writer', 1, true)
  await measure(db, '16 writers, one provider', 16, true)
  await measure(db, '16 writers, a provider each', 16, false)
} finally {
  await db.dropDatabase().catch(() => undefined)
  await client.close()
  await server?.stop()
}
